import {scheduleFirings} from '../config/firings.js';
import type {ResolvedProcess, ResolvedSchedule} from '../config/types.js';
import {isSuccessfulExit} from '../process/restart-policy.js';
import type {UnitHandle} from './add-on.js';
import {ConcurrentRuns, MAX_CONCURRENT_RUNS, type StartConcurrentRun} from './concurrent-runs.js';
import {ScheduleCatchUp} from './schedule-catch-up.js';
import type {ScheduleStore} from './schedule-store.js';
import {ScheduleTally, type RunResult} from './schedule-tally.js';
import {untilRunning} from './until-running.js';

// What a schedule reads of the unit and asks of it: the unit's clock, its state, and `dispatch`, the operator's door.
export type TriggerUnit = Pick<UnitHandle, 'name' | 'state' | 'clock' | 'dispatch' | 'process' | 'events'>;

export type {RunResult} from './schedule-tally.js';

// What a firing did: ran, was queued behind the run in progress, replaced it, or was skipped (and why).
export type FireOutcome = {outcome: 'started' | 'queued' | 'replaced' | 'skipped'; reason?: string};

// What `sidecar status` shows of a schedule (times in ms; null: none yet); `lastSuccess` and `runs` (by result) are
// for the metrics (lib/metrics/prometheus.ts).
export type ScheduleView = {
	nextRun: number | null; lastRun: number | null; lastResult: RunResult | null; paused: boolean; failures: number; failing: boolean;
	lastSuccess: number | null; runs: Partial<Record<RunResult, number>>;
};

// Timers sleep at most this long, then read the clock again: a suspended host or an NTP step moves the wall clock, and
// the firing is judged against the new time (one firing after a jump forward, not one per slot missed; frontier §1.2).
export const MAX_SLEEP = 60_000;

// One process's schedule (docs/schedules.md): sleeps on the unit's clock until each firing and dispatches `restart`,
// which for a task is one run (retried within it by its restart policy) and for a long-running process a restart
// through the normal stop path; under overlap 'allow' a firing while that run is in progress starts an extra run of
// the task beside it (concurrent-runs.ts). Overlap, pause, catch-up, runOnStart and the failure count are kept here.
export class ScheduleTrigger {
	#next: number | null = null;
	#paused = false;
	#current: {replaced: boolean} | null = null;
	#queued = false;
	#fired = 0;
	readonly #catchUp: ScheduleCatchUp;
	readonly #extra: ConcurrentRuns;
	readonly #tally: ScheduleTally;

	constructor(
		// The process's spec: replaced by a reload that changes the process but not its schedule (schedules.ts).
		public spec: ResolvedProcess,
		readonly schedule: ResolvedSchedule,
		private readonly unit: TriggerUnit,
		store: ScheduleStore | null,
		private readonly random: () => number,
		startRun: StartConcurrentRun = () => {
			throw new Error('Bug: overlap \'allow\' without a way to start a concurrent run');
		},
	) {
		this.#catchUp = new ScheduleCatchUp(spec.name, schedule, unit, store);
		this.#extra = new ConcurrentRuns(startRun);
		this.#tally = new ScheduleTally(() => this.spec, schedule, unit);
	}

	view(): ScheduleView {
		const {lastRun, lastResult, failures, failing, lastSuccess, runs} = this.#tally;
		return {nextRun: this.#next, lastRun, lastResult, paused: this.#paused, failures, failing, lastSuccess, runs: {...runs}};
	}

	// Until `signal` aborts: the catch-up and runOnStart firing once the unit runs (not for a schedule a reload added:
	// `atStart` false), then each firing in turn. Extra runs stop when the unit begins to stop, or with `signal`.
	async run(signal: AbortSignal, atStart = true): Promise<void> {
		const started = this.unit.clock.now();
		this.unit.events.on('unit-state', () => {
			if (this.unit.state === 'stopping') {
				void this.stopConcurrent();
			}
		}, signal);
		signal.addEventListener('abort', () => void this.stopConcurrent(), {once: true});
		const missed = atStart ? await this.#catchUp.missedAt(started) : null;
		const onRunning = untilRunning(this.unit, signal).then(() => {
			if (!signal.aborted && atStart) {
				this.#onUnitRunning(missed);
			}
		});
		await Promise.all([onRunning, this.#loop(started, signal)]);
	}

	// Stops the extra runs in progress (the unit's stop, a reload that removes the schedule); resolves once all ended.
	async stopConcurrent(): Promise<void> {
		await this.#extra.stopAll(this.unit.state === 'running' ? 'its schedule was reloaded' : 'the unit stops');
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
		if (this.#current !== null && this.unit.state === 'running' && this.schedule.overlap === 'allow') {
			return this.#startConcurrent(reason, slot);
		}

		if (this.#current !== null) {
			const {overlap} = this.schedule;
			if (overlap === 'replace') {
				this.#current.replaced = true;
				this.#start(reason, slot);
				return {outcome: 'replaced'};
			}

			const why = overlap === 'queue' && !this.#queued ? null : overlap === 'queue' ? 'one run is queued already'
				: overlap === 'allow' ? `the unit is ${this.unit.state}` : 'the last run still runs (overlap \'skip\')';
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
		this.#firing(reason, slot);
		// A process with sockets hands over to its next spawn once that is ready (docs/sockets.md, Restarts).
		void this.unit.dispatch({type: 'restart', name, overlap: this.spec.sockets.length > 0}).then(() => true, () => false).then(succeeded => {
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
		this.#tally.ended(succeeded ? 'succeeded' : interrupted ? 'interrupted' : 'failed');
		if (this.#queued && this.#current === null && !interrupted) {
			this.#queued = false;
			this.fire('queued');
		}
	}

	// Under overlap 'allow', beside the run in progress: an extra run of the task, up to MAX_CONCURRENT_RUNS at once.
	#startConcurrent(reason: string, slot: number): FireOutcome {
		const {name} = this.spec;
		if (1 + this.#extra.size >= MAX_CONCURRENT_RUNS) {
			const why = `${MAX_CONCURRENT_RUNS} runs at once already (the cap of overlap 'allow')`;
			this.unit.events.report({event: 'schedule-skipped', name, reason: why});
			return {outcome: 'skipped', reason: why};
		}

		const tag = this.#firing(reason, slot, true);
		void this.#extra.start(this.unit.process(name)?.spec ?? this.spec, tag).then(outcome => {
			this.#tally.ended(outcome);
		});
		return {outcome: 'started'};
	}

	// A firing starts a run: its time, its event, the catch-up state. Returns its tag (`job#3`: the firing's number),
	// which an extra run's event names.
	#firing(reason: string, slot: number, concurrent = false): string {
		const {name} = this.spec;
		const run = `${name}#${++this.#fired}`;
		this.#tally.lastRun = this.unit.clock.now();
		this.unit.events.report({event: 'schedule-fired', name, reason, for: new Date(slot).toISOString(), run: concurrent ? run : undefined});
		// Every run is kept, run-now's too: under `export systemd --timers` every firing is a run-now (docs/export.md).
		void this.#catchUp.record(slot);

		return run;
	}

	// A missed firing runs once; else runOnStart: true runs once. 'gate' ran already as a 'before' task: its run counts.
	#onUnitRunning(missed: number | null): void {
		const {runOnStart} = this.schedule;
		if (runOnStart === 'gate') {
			const member = this.unit.process(this.spec.name);
			this.#tally.lastRun = member?.startedAt ?? null;
			this.#tally.lastResult = member?.lastExit === null || member === undefined ? null : isSuccessfulExit(member.spec, member.lastExit) ? 'succeeded' : 'failed';
		} else if (missed !== null) {
			this.fire('catch-up', missed);
		} else if (runOnStart) {
			this.fire('start');
		}
	}
}
