import {EventEmitter} from 'node:events';
import {PassThrough} from 'node:stream';
import type {Child, ExitInfo} from '../../lib/process/spawn.js';
import type {World} from '../../lib/process/world.js';

// The world a unit lives in, faked: a clock whose time moves only when the test says so, and children that exist only
// here. Unit logic (backoff, budgets, start order, timeouts) is checked with it to the millisecond, in process.

// Lets every promise chain that a fired timer or an exit started run to its next wait.
export const settle = async (): Promise<void> => {
	for (let turn = 0; turn < 5; turn++) {
		await new Promise(resolve => setImmediate(resolve));
	}
};

export class FakeClock {
	now = 0;
	#timers: Array<{at: number; resolve: (slept: boolean) => void}> = [];

	// Resolves true after `ms` of test time, false as soon as `signal` aborts (the contract of the real sleep).
	readonly sleep = async (ms: number, signal: AbortSignal): Promise<boolean> => new Promise(resolve => {
		if (signal.aborted) {
			resolve(false);
			return;
		}

		const timer = {at: this.now + ms, resolve};
		this.#timers.push(timer);
		signal.addEventListener('abort', () => {
			this.#timers = this.#timers.filter(other => other !== timer);
			resolve(false);
		}, {once: true});
	});

	// Timers still waiting (a leak check: none should outlive what set them).
	get pending(): number {
		return this.#timers.length;
	}

	// Moves time on by `ms`, firing the timers that fall due in time order (each at its own time), then lets the unit react.
	async advance(ms: number): Promise<void> {
		const end = this.now + ms;
		for (;;) {
			const next = this.#timers.filter(timer => timer.at <= end).sort((a, b) => a.at - b.at)[0];
			if (next === undefined) {
				break;
			}

			this.now = Math.max(this.now, next.at);
			this.#timers = this.#timers.filter(timer => timer !== next);
			next.resolve(true);
			await settle();
		}

		this.now = end;
		await settle();
	}
}

// One fake child: `exit` ends it as the OS would report it; `ignores` lists the signals it survives (SIGKILL never).
export type FakeChild = {
	pid: number;
	env: Record<string, string>;
	exit: (exit: ExitInfo) => Promise<void>;
	stdout: PassThrough;
	stderr: PassThrough;
	exited: boolean;
	ignores: Set<NodeJS.Signals>;
	// Its command (the spec's), to tell children apart.
	command: readonly string[];
};

// A spawn that makes fake children: pids above any real pid_max, so no signal can reach a real process. A test may
// write lines to their pipes (a log probe, the stderr tail read them); the exit ends them.
export function fakeSpawn() {
	const children: FakeChild[] = [];
	const spawn = (spec: unknown, env: Record<string, string> = {}): Child => {
		let exit: (exit: ExitInfo) => void = () => {};
		const exited = new Promise<ExitInfo>(resolve => {
			exit = resolve;
		});
		// Its pipes stay open while it runs (a test writes to them) and close as it exits, as a real child's do.
		const [stdout, stderr] = [new PassThrough(), new PassThrough()];
		const pid = 90_000_000 + children.length;
		const child: FakeChild = {pid, env, stdout, stderr, exited: false, ignores: new Set(), command: (spec as {command?: string[]}).command ?? [], exit: async info => {
			if (!child.exited) {
				child.exited = true;
				stdout.end();
				stderr.end();
				exit(info);
			}

			await settle();
		}};
		children.push(child);
		return {pid, stdout, stderr, exited};
	};

	return {spawn, children};
}

// A signal sent through the fake world: a negative pid is the group the child leads.
export type Kill = {pid: number; signal: NodeJS.Signals; at: number};

// A whole fake World (lib/process/world.ts) for the unit's own tests: the clock, fake children, a kill that records
// each (pid, signal, time) and ends the child it reaches (unless the child ignores the signal; SIGCONT and SIGSTOP end
// none), an EventEmitter as the supervisor's signals, and no /proc table.
export function fakeWorld() {
	const clock = new FakeClock();
	const {spawn, children} = fakeSpawn();
	const signals = new EventEmitter();
	const kills: Kill[] = [];
	const kill: World['kill'] = (pid, signal) => {
		kills.push({pid, signal, at: clock.now});
		const child = children.find(other => other.pid === Math.abs(pid));
		const alive = child !== undefined && !child.exited;
		if (alive && signal !== 'SIGCONT' && signal !== 'SIGSTOP' && (signal === 'SIGKILL' || !child.ignores.has(signal))) {
			void child.exit({code: null, signal});
		}

		return alive;
	};

	const world: World = {now: () => clock.now, sleep: clock.sleep, spawn, kill, signals, procTable: null};
	return {world, clock, children, kills, signals};
}
