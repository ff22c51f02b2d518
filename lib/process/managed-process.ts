import type {ResolvedProcess} from '../config/types.js';
import {childScope} from '../abort-scope.js';
import {decideExit, type Intent, type SpawnOutcome} from './exit-decision.js';
import {liveGroups} from './group.js';
import type {StoppedFor} from './restart-policy.js';
import type {ExitInfo} from './spawn.js';
import {retire, startNextGeneration} from './next-generation.js';
import {RestartTally} from './restart-tally.js';
import {SpawnRun, type RunOwner} from './spawn-run.js';
import {notReadyError, StateCell} from './state-cell.js';
import {isReadyState, type ProcessState} from './states.js';
import {killTree, stopLeftoverGroups} from './stop.js';
import type {ProcessHost, UnitMember} from './unit-member.js';

// A process that runs a command (`run: 'always'` or `'once'`), as a restart loop: spawn a run (spawn-run.ts), decide
// its exit (exit-decision.ts), back off, spawn again. What the supervisor means it to do next, besides what its state
// says, is its intent: keep running (and be restarted by its policy), stay down once stopped, or stay held down at an
// operator's request (`sidecar stop NAME`) until started again.
export class ManagedProcess implements UnitMember {
	readonly #state: StateCell;
	readonly #owner: RunOwner;
	#intent: Intent = 'run';
	// The latest spawn's run (its tail and health stay readable after it ended), and the one whose child runs now.
	#run: SpawnRun | null = null;
	#running: SpawnRun | null = null;
	readonly #restarts: RestartTally;
	#lastExit: ExitInfo | null = null;
	#lastExitStderr: readonly string[] = [];
	#probeFailure: string | null = null;
	// Why the process is down for good: the restart budget ran out (state 'fatal'), or the failure the supervisor
	// stopped a run for that its policy does not restart (a task's timeout); '' otherwise.
	#downReason = '';
	// Process groups of earlier spawns that still had members when their leader exited (a child that forked).
	readonly #groups = new Set<number>();
	#exitHandled: Promise<void> = Promise.resolve();
	#backoffScope: AbortController | null = null;

	constructor(readonly spec: ResolvedProcess, private readonly host: ProcessHost, private readonly until: AbortSignal) {
		this.#state = new StateCell(spec.name, host.events);
		this.#restarts = new RestartTally(spec, host.random);
		this.#owner = {state: this.#state, recycle: async (reason, as) => this.recycle(reason, as), onProbeFailure: reason => {
			this.#probeFailure = reason;
		}};
	}

	get name(): string {
		return this.spec.name;
	}

	get state(): ProcessState {
		return this.#state.current;
	}

	get ready(): boolean {
		return isReadyState(this.state, this.spec.run);
	}

	get pid(): number | null {
		return this.#running?.pid ?? null;
	}

	get restarts(): number {
		return this.#restarts.count;
	}

	get startedAt(): number | null {
		return this.#run?.startedAt ?? null;
	}

	get lastExit(): ExitInfo | null {
		return this.#lastExit;
	}

	// A process held down by request is not failing, whatever its last spawn's liveness said (the watchdog reads this).
	get healthy(): boolean {
		return this.state === 'stopped' || (this.#run?.healthy ?? true);
	}

	get probeFailure(): string | null {
		return this.#probeFailure;
	}

	get stderrTail(): readonly string[] {
		return this.#run?.stderrTail ?? [];
	}

	get lastExitStderr(): readonly string[] {
		return this.#lastExitStderr;
	}

	get waitingFor(): null {
		return null; // Only a gate waits (gate.ts).
	}

	start(): void {
		this.#intent = 'run';
		this.#downReason = '';
		this.#adopt();
	}

	async untilReady(): Promise<void> {
		return this.#state.until(() => this.ready, () => notReadyError(this.state, this.#lastExit, this.#downReason, this.until.aborted));
	}

	async untilState(met: () => boolean, unmet: () => Error | null): Promise<void> {
		return this.#state.until(met, unmet);
	}

	async untilExit(): Promise<ExitInfo | null> {
		const handled = this.#exitHandled;
		await handled;
		return handled === this.#exitHandled ? this.#lastExit : this.untilExit(); // Replaced meanwhile (restart --overlap).
	}

	// stopSignal to the group, SIGKILL to the tree after stopTimeout; no restart follows. With a `cause`, the exit
	// counts as that failure, not as a requested stop (docs/restarts.md, Exit codes).
	async stop(cause?: StoppedFor): Promise<void> {
		this.holdRestarts(cause);
		await this.#bringDown('stop', ['backoff', 'pending']);
	}

	// An operator's stop (`sidecar stop NAME`): as stop(), then held down in state `stopped` until start(); a process that
	// is down already (exited, fatal, completed, never started) is held as it is (docs/control.md).
	async hold(): Promise<void> {
		this.#intent = 'held';
		this.#backoffScope?.abort();
		await this.#bringDown('hold', ['backoff', 'pending', 'exited', 'fatal', 'completed']);
	}

	async #bringDown(event: 'stop' | 'hold', childless: readonly ProcessState[]): Promise<void> {
		if (this.state === 'stopping') {
			await this.#exitHandled; // A liveness or limit stop is under way: its exit now keeps the process down.
		}

		const run = this.#running;
		if (run === null) {
			if (childless.includes(this.state)) {
				this.#state.apply(event);
			}
		} else if (run.pid !== null) {
			await run.stop();
		}

		await this.#exitHandled; // For a command that never started (spawn.ts) too: nothing to signal, its exit is on its way.
		await stopLeftoverGroups(this.#groups, this.spec.stopSignal, this.spec.stopTimeout, this.host);
		this.#groups.clear();
	}

	schedule(): void {
		if (this.#isScheduledTask() && this.state === 'pending') {
			this.#state.apply('schedule');
		}
	}

	// A task with a schedule: after each run it waits for the next firing (supervisor/schedule-trigger.ts).
	#isScheduledTask(): boolean {
		return this.spec.run === 'once' && this.spec.schedule !== null;
	}

	// The unit is shutting down: no exit from now on is restarted, and a pending restart is dropped. A recycle under
	// way keeps its cause unless another is given.
	holdRestarts(cause?: StoppedFor): void {
		this.#intent = 'stay-down';
		this.#running?.blame(cause);
		this.#backoffScope?.abort();
	}

	// Stops the running spawn (stopSignal, stopTimeout, SIGKILL) and lets the restart policy decide, as for a crash;
	// unlike stop(), the process is not kept down. Liveness uses it; so does a memory limit.
	async recycle(reason: string, as: StoppedFor): Promise<void> {
		const run = this.#running;
		if (run !== null && run.pid !== null && this.state !== 'stopping' && this.#intent === 'run') {
			await run.stop(reason, as);
		}
	}

	// SIGKILL the whole tree now (a second Ctrl-C); a running stop() then sees the exit at once.
	async kill(cause?: StoppedFor): Promise<void> {
		this.holdRestarts(cause);
		if (this.#running !== null) {
			await killTree(this.#running.child.pid, false, this.host.procTable, this.host.kill);
		}
	}

	// `restart --overlap`: the next spawn takes this one's place once ready, then this one stops (next-generation.ts).
	async overlap(): Promise<void> {
		const old = this.#running;
		this.#backoffScope = childScope(this.until); // A stop meanwhile (holdRestarts) cancels the next generation.
		this.#adopt(await startNextGeneration(this.spec, this.host, this.#owner, this.until, this.#backoffScope.signal));
		await (old === null ? undefined : retire(old, 'replaced by its next generation (restart --overlap)'));
	}

	// A new spawn, or the next generation restart --overlap made ready.
	#adopt(run = new SpawnRun(this.spec, this.host, this.#owner, this.until)): void {
		this.#run = run;
		this.#running = run;
		this.#exitHandled = run.ended.then(outcome => {
			this.#onExit(run, outcome);
		});
	}

	#onExit(run: SpawnRun, outcome: SpawnOutcome): void {
		if (run !== this.#running) {
			return; // A generation replaced by restart --overlap: its successor runs.
		}

		this.#running = null;
		this.#lastExit = outcome.exit;
		if (run.pid !== null && liveGroups([run.pid]).size > 0) {
			this.#groups.add(run.pid); // Grandchildren stayed: ended at stop(). An empty group is forgotten at once.
		}

		const now = this.host.now();
		const decision = decideExit(outcome, this.spec, {intent: this.#intent, unitStopped: this.until.aborted, restartTimes: this.#restarts.within(now), now});
		this.#lastExitStderr = decision.stderr;
		if (decision.event !== 'crashed') {
			this.#downReason = decision.reason;
		}

		if (decision.fatal === undefined) {
			this.#state.apply(decision.event);
			this.host.events.publish(decision.exited);
		} else {
			this.host.events.publish(decision.exited);
			this.host.events.publish(decision.fatal);
			this.#state.apply(decision.event); // After the events: a critical sidecar's shutdown is logged after its cause.
		}

		if (decision.event === 'crashed') {
			void this.#restartAfterBackoff(outcome.ranFor, decision.reason);
		} else if (decision.event !== 'halted' && this.#isScheduledTask()) {
			this.#state.apply('schedule'); // Waiters saw how the run ended first (state-cell.ts tells them at each change).
		}
	}

	async #restartAfterBackoff(ranFor: number, reason: string): Promise<void> {
		const delay = this.#restarts.nextDelay(ranFor);
		const scope = childScope(this.until);
		this.#backoffScope = scope;
		this.host.events.publish({event: 'restarting', name: this.name, delayMs: delay, restarts: this.#restarts.count + 1, reason});
		const slept = await this.host.sleep(delay, scope.signal);
		scope.abort(); // Detaches it from the unit's signal.
		this.#backoffScope = null;
		if (slept && this.#intent === 'run' && this.state === 'backoff') {
			this.#restarts.add(this.host.now());
			this.#adopt();
		}
	}
}
