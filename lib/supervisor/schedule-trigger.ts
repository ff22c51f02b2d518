import {missedFiring, scheduleFirings} from '../config/firings.js';
import type {ResolvedProcess, ResolvedSchedule} from '../config/types.js';
import {EXIT} from '../errors.js';
import {isSuccessfulExit} from '../process/restart-policy.js';
import type {UnitHandle} from './add-on.js';
import type {ScheduleStore} from './schedule-store.js';

// What a schedule reads of the unit and asks of it: the unit's clock, its state, and `dispatch`, the operator's door.
export type TriggerUnit = Pick<UnitHandle, 'name' | 'state' | 'clock' | 'dispatch' | 'process' | 'events'>;

// How one firing's run ended: 'replaced' by the next (overlap 'replace'), 'interrupted' by the unit's stop.
export type RunResult = 'succeeded' | 'failed' | 'replaced' | 'interrupted';

// What a firing did: ran, was queued behind the run in progress, replaced it, or was skipped (and why).
export type FireOutcome = {outcome: 'started' | 'queued' | 'replaced' | 'skipped'; reason?: string};

// What `sidecar status` shows of a schedule (times in ms; null: none yet).
export type ScheduleView = {nextRun: number | null; lastRun: number | null; lastResult: RunResult | null; paused: boolean; failures: number; failing: boolean};

// Timers sleep at most this long, then read the clock again: a suspended host or an NTP step moves the wall clock, and
// the firing is judged against the new time (one firing after a jump forward, not one per slot missed; frontier §1.2).
export const MAX_SLEEP = 60_000;

// One process's schedule (docs/schedules.md): sleeps on the unit's clock until each firing and dispatches `restart`,
// which for a task is one run (retried within it by its restart policy) and for a long-running process a restart
// through the normal stop path. Overlap, pause, catch-up, runOnStart and the failure count are kept here.
export class ScheduleTrigger {
	#next: number | null = null;
	#lastRun: number | null = null;
	#lastResult: RunResult | null = null;
	#paused = false;
	#failures = 0;
	#current: {replaced: boolean} | null = null;
	#queued = false;
	#storeFailed = false;

	constructor(
		readonly spec: ResolvedProcess,
		readonly schedule: ResolvedSchedule,
		private readonly unit: TriggerUnit,
		private readonly store: ScheduleStore | null,
		private readonly random: () => number,
	) {}

	view(): ScheduleView {
		const failing = this.#failures >= this.schedule.failureThreshold;
		return {nextRun: this.#next, lastRun: this.#lastRun, lastResult: this.#lastResult, paused: this.#paused, failures: this.#failures, failing};
	}

	// Until `signal` aborts: the catch-up and runOnStart firing once the unit runs, then each firing in turn.
	async run(signal: AbortSignal): Promise<void> {
		const started = this.unit.clock.now();
		const missed = await this.#missedAtStart(started);
		const atStart = untilRunning(this.unit, signal).then(() => {
			if (!signal.aborted) {
				this.#onUnitRunning(missed);
			}
		});
		await Promise.all([atStart, this.#loop(started, signal)]);
	}

	// Paused: firings are skipped until resumed (run-now still runs). False when it already was.
	pause(paused: boolean): boolean {
		const changed = this.#paused !== paused;
		this.#paused = paused;
		if (changed) {
			this.unit.events.report({event: 'schedule-paused', name: this.spec.name, paused});
		}

		return changed;
	}

	// One firing, under the overlap policy: skip, queue one more, or replace the run in progress.
	fire(reason: string, slot = this.unit.clock.now()): FireOutcome {
		const {name} = this.spec;
		if (this.#current !== null) {
			const {overlap} = this.schedule;
			if (overlap === 'replace') {
				this.#current.replaced = true;
				this.#start(reason, slot);
				return {outcome: 'replaced'};
			}

			const why = overlap === 'queue' && !this.#queued ? null : overlap === 'queue' ? 'one run is queued already' : 'the last run still runs (overlap \'skip\')';
			if (why === null) {
				this.#queued = true;
				return {outcome: 'queued'};
			}

			this.unit.events.report({event: 'schedule-skipped', name, reason: why});
			return {outcome: 'skipped', reason: why};
		}

		if (this.unit.state !== 'running') {
			const why = `the unit is ${this.unit.state}`;
			this.unit.events.report({event: 'schedule-skipped', name, reason: why});
			return {outcome: 'skipped', reason: why};
		}

		this.#start(reason, slot);
		return {outcome: 'started'};
	}

	async #loop(origin: number, signal: AbortSignal): Promise<void> {
		const {clock} = this.unit;
		const firings = scheduleFirings(this.schedule, origin);
		let after = origin;
		while (!signal.aborted) {
			const slot = firings.next(after);
			if (slot === null) {
				this.#next = null;
				return; // A cron expression that never fires again (a date in the past).
			}

			const at = slot + Math.floor(this.random() * this.schedule.jitter);
			this.#next = at;
			while (!signal.aborted && clock.now() < at) {
				await clock.sleep(Math.min(at - clock.now(), MAX_SLEEP), signal);
			}

			if (signal.aborted) {
				return;
			}

			after = Math.max(slot, clock.now()); // A jump past several slots fires once, for the first of them.
			if (this.#paused) {
				this.unit.events.report({event: 'schedule-skipped', name: this.spec.name, reason: 'paused (`sidecar resume` to fire again)'});
			} else {
				this.fire('schedule', slot);
			}
		}
	}

	#start(reason: string, slot: number): void {
		const run = {replaced: false};
		const {name} = this.spec;
		this.#current = run;
		this.#lastRun = this.unit.clock.now();
		this.unit.events.report({event: 'schedule-fired', name, reason, for: new Date(slot).toISOString()});
		if (reason !== 'run-now' && reason !== 'queued') {
			void this.#record(slot);
		}

		void this.unit.dispatch({type: 'restart', name}).then(() => true, () => false).then(succeeded => {
			this.#ended(run, succeeded);
		});
	}

	#ended(run: {replaced: boolean}, succeeded: boolean): void {
		if (this.#current === run) {
			this.#current = null;
		}

		if (run.replaced) {
			return; // The run that replaced it reports the firing's result.
		}

		const interrupted = !succeeded && this.unit.state !== 'running';
		this.#lastResult = succeeded ? 'succeeded' : interrupted ? 'interrupted' : 'failed';
		if (this.#lastResult === 'succeeded') {
			this.#failures = 0;
		} else if (this.#lastResult === 'failed') {
			this.#countFailure();
		}

		if (this.#queued && this.#current === null && !interrupted) {
			this.#queued = false;
			this.fire('queued');
		}
	}

	#countFailure(): void {
		this.#failures++;
		if (this.#failures !== this.schedule.failureThreshold) {
			return; // Told once, when the threshold is reached; a success starts the count again.
		}

		const {name, critical} = this.spec;
		this.unit.events.report({event: 'schedule-failing', name, failures: this.#failures, critical: critical || undefined});
		if (critical) {
			const reason = `critical ${name}: ${this.#failures} scheduled runs in a row failed`;
			void this.unit.dispatch({type: 'stop-unit', reason, exitCode: EXIT.software}).catch(() => {}); // Stopping already.
		}
	}

	// The firing missed while the unit was down, within catchUp of now; null when there is none or nothing is known.
	async #missedAtStart(now: number): Promise<number | null> {
		const {catchUp} = this.schedule;
		if (catchUp === null || this.store === null) {
			return null;
		}

		const kept = await this.store.read();
		if ('problem' in kept) {
			this.#storeProblem(kept.problem);
			return null;
		}

		const last = kept.firings[this.spec.name];
		return last === undefined ? null : missedFiring(this.schedule, last, now, catchUp);
	}

	// A missed firing runs once; else runOnStart: true runs once. 'gate' ran already as a 'before' task: its run counts.
	#onUnitRunning(missed: number | null): void {
		const {runOnStart} = this.schedule;
		if (runOnStart === 'gate') {
			const member = this.unit.process(this.spec.name);
			this.#lastRun = member?.startedAt ?? null;
			this.#lastResult = member?.lastExit === null || member === undefined ? null : isSuccessfulExit(member.spec, member.lastExit) ? 'succeeded' : 'failed';
		} else if (missed !== null) {
			this.fire('catch-up', missed);
		} else if (runOnStart) {
			this.fire('start');
		}
	}

	async #record(slot: number): Promise<void> {
		if (this.store === null || this.schedule.catchUp === null) {
			return;
		}

		const problem = await this.store.record(this.spec.name, slot);
		if (problem !== null && !this.#storeFailed) {
			this.#storeFailed = true; // Once: the unit runs on without catch-up, and says so.
			this.#storeProblem(problem);
		}
	}

	#storeProblem(reason: string): void {
		this.unit.events.report({event: 'schedule-state', name: this.unit.name, file: this.store!.file, reason});
	}
}

// Resolves once the unit runs (main started): firings before that are start-up's business ('gate'); or at `signal`.
async function untilRunning(unit: TriggerUnit, signal: AbortSignal): Promise<void> {
	if (unit.state === 'running' || signal.aborted) {
		return;
	}

	return new Promise(resolve => {
		signal.addEventListener('abort', () => resolve(), {once: true});
		const stop = unit.events.on('unit-state', () => {
			if (unit.state === 'running') {
				stop();
				resolve();
			}
		}, signal);
	});
}
