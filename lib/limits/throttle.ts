import {setTimeout as sleep} from 'node:timers/promises'; // Real time, not the unit's: the duty cycle paces real cpu use.
import {childScope} from '../abort-scope.js';
import {monotonicMs} from '../monotonic-ms.js';
import {readPidUsage} from '../proc/portable-table.js';
import {procRoot, readProcEntry} from '../proc/proc-table.js';
import type {World} from '../process/world.js';
import {trySignal} from '../signals/send.js';
import type {ThrottleGuard} from './throttle-guard.js';

// Signals, /proc and the clock a throttle uses (its `now` monotonic: monotonic-ms.ts); tests swap them.
export type ThrottleWorld = Pick<World, 'kill' | 'now'> & {
	// Clock ticks of one process: its own and its reaped children's.
	readProcess: (pid: number) => Promise<{ticks: number; childTicks: number} | undefined>;
	ticksPerSecond: number;
};

// One tree's quota and how to reach it.
export type ThrottleOptions = {
	// Cores the tree may use on average.
	quota: number;
	rootPid: number;
	// Also signal -pgid, so children forked since the last setTree() stop with the rest (the supervisor's own process group).
	processGroup?: number;
	// Duty-cycle period in ms.
	period?: number;
	guard?: ThrottleGuard;
	// Called when throttling starts (true) and ends (false): the supervisor logs a `limit` event on true.
	onChange?: (throttled: boolean) => void;
};

const defaultWorld = (root = procRoot()): ThrottleWorld => ({
	kill(pid, signal) {
		trySignal(pid, signal); // Gone: nothing to stop or continue.
	},
	// pidusage (one `ps` run per process and period) where the supervisor has no /proc table.
	readProcess: async pid => root === null ? (await readPidUsage([pid])).get(pid) : readProcEntry(pid, root),
	now: monotonicMs,
	ticksPerSecond: 100,
});

// SIGSTOP/SIGCONT duty cycle holding a whole tree to a cpu quota when there are no cgroups. Each period it runs the
// tree for quota/demand of the period and stops it for the rest; a debt of cpu used over the allowance (credit capped
// at one period) corrects the clock-tick rounding, so the long-run average stays at the quota. It never leaves the
// tree stopped: abort, resume() and the guard's process 'exit' hook all send SIGCONT (cpulimit's classic failure).
export class TreeThrottle {
	readonly #options: Required<Omit<ThrottleOptions, 'processGroup' | 'guard' | 'onChange'>> & ThrottleOptions;
	readonly #world: ThrottleWorld;
	readonly #released = new AbortController();
	#pids: number[];
	#seen = new Map<number, number>();
	#stopped = false;

	constructor(options: ThrottleOptions, world: Partial<ThrottleWorld> = {}) {
		this.#options = {period: 100, ...options};
		this.#world = {...defaultWorld(), ...world};
		this.#pids = [options.rootPid];
	}

	// The tree as the poller last saw it (TreeUsage.pids); a new pid counts from its first reading.
	setTree(pids: number[]): void {
		this.#pids = pids.includes(this.#options.rootPid) ? pids : [this.#options.rootPid, ...pids];
	}

	get stopped(): boolean {
		return this.#stopped;
	}

	// SIGCONT now and never SIGSTOP again: call it before sending any stop signal, so the tree can act on it.
	resume(): void {
		this.#released.abort();
		this.#signal('SIGCONT');
	}

	// Run the duty cycle until signal aborts or resume() is called; the tree is running when this resolves.
	async run(signal: AbortSignal): Promise<void> {
		// Not AbortSignal.any: it would keep one signal per run alive as long as the unit's signal (nodejs/node#55351).
		const scope = childScope(signal);
		const release = () => {
			scope.abort();
		};

		this.#released.signal.addEventListener('abort', release, {once: true});
		const stop = scope.signal;
		const {quota, period, guard, onChange} = this.#options;
		const perPeriod = quota * period / 1000; // Cpu seconds allowed per period.
		guard?.add(this);
		let demand: number | undefined; // Cores the tree uses while running, smoothed; unknown until measured.
		let debt = 0;
		let runFor = period;
		let throttled = false;
		let fullPeriods = 0;
		await this.#usedSince();
		try {
			let last = this.#world.now();
			while (!stop.aborted) {
				this.#signal('SIGCONT');
				await sleep(runFor, undefined, {signal: stop}).catch(() => {});
				if (runFor < period && !stop.aborted) {
					this.#signal('SIGSTOP');
					await sleep(period - runFor, undefined, {signal: stop}).catch(() => {});
				}

				const used = await this.#usedSince();
				const now = this.#world.now();
				debt = Math.max(debt + used - (quota * (now - last) / 1000), -perPeriod);
				last = now;
				if (runFor >= 5) {
					const measured = used / (runFor / 1000);
					demand = demand === undefined ? measured : (0.7 * demand) + (0.3 * measured);
				}

				// Run the whole period while the tree stays within its allowance: an idle tree is never stopped.
				const wanted = perPeriod - debt;
				runFor = demand === undefined || demand * period / 1000 <= wanted ? period : Math.max(0, wanted / demand * 1000);
				fullPeriods = runFor < period ? 0 : fullPeriods + 1;
				// Reported once per episode: on the first stop, and after a second of running free.
				if (throttled ? fullPeriods >= 1000 / period : runFor < period) {
					throttled = !throttled;
					onChange?.(throttled);
				}
			}
		} finally {
			scope.abort();
			this.#released.signal.removeEventListener('abort', release);
			this.#signal('SIGCONT');
			guard?.delete(this);
			if (throttled) {
				onChange?.(false);
			}
		}
	}

	// Cpu seconds the tree used since the last call, per pid so a child leaving the tree does not subtract. A pid counts
	// from its first reading; its reaped children count through cutime+cstime (a child seen before it exited counts twice:
	// throttling a little early beats missing short-lived children altogether).
	async #usedSince(): Promise<number> {
		const seen = new Map<number, number>();
		let ticks = 0;
		for (const pid of this.#pids) {
			const entry = await this.#world.readProcess(pid);
			if (entry !== undefined) {
				const total = entry.ticks + entry.childTicks;
				ticks += total - (this.#seen.get(pid) ?? total);
				seen.set(pid, total);
			}
		}

		this.#seen = seen;
		return ticks / this.#world.ticksPerSecond;
	}

	#signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
		this.#stopped = signal === 'SIGSTOP';
		if (this.#options.processGroup !== undefined) {
			this.#world.kill(-this.#options.processGroup, signal);
		}

		for (const pid of this.#pids) {
			this.#world.kill(pid, signal);
		}
	}
}
