import type {ResolvedProcess} from '../config/types.js';
import type {UnitEvents} from '../events/unit-events.js';
import {readOutput} from '../logs/output-reader.js';
import {formatDuration} from '../config/units.js';
import type {ReadinessVerdict} from '../probes/keep-ready.js';
import {describeProbe, guardLiveness, type LivenessVerdict} from '../probes/liveness.js';
import {backoffDelay} from './backoff.js';
import {liveGroups} from './group.js';
import {runHook, runPreStop} from './hooks.js';
import {untilSpawnReady, watchReadiness} from './readiness.js';
import {childScope} from '../abort-scope.js';
import {decideRestart, isSuccessfulExit, type StoppedFor} from './restart-policy.js';
import {describeExit, outputSettled, type Child, type ExitInfo} from './spawn.js';
import {StderrTail} from './stderr-tail.js';
import {isReadyState, nextState, type ProcessEvent, type ProcessState} from './states.js';
import {killTree, stopGroup, stopLeftoverGroups} from './stop.js';
import type {SuspendNotice} from '../suspend-clock.js';
import type {World} from './world.js';

// What a process needs from the unit around it: injected, so tests can drive it with a fake spawn and clock.
// Its view of the unit's world: spawn, the clock, and the signals and /proc its stop uses (process/stop.ts).
export type ProcessHost = Pick<World, 'spawn' | 'now' | 'sleep' | 'kill' | 'procTable'> & {
	events: UnitEvents;
	// SIDECAR_* variables, read at each spawn (SIDECAR_MAIN_PID appears once main runs).
	env: (name: string) => Record<string, string>;
	// The backoff's jitter (Math.random in production).
	random: () => number;
	// The unit's suspensions (Ctrl-Z): probe checks that straddle one are discarded (probes/discard-straddling.ts).
	suspension?: SuspendNotice;
};

// What everything outside the process may read of it.
export type ProcessView = {
	readonly name: string;
	readonly spec: ResolvedProcess;
	readonly state: ProcessState;
	readonly ready: boolean;
	readonly pid: number | null;
	readonly restarts: number;
	readonly startedAt: number | null;
	readonly lastExit: ExitInfo | null;
	// False while the liveness probe of this spawn is failing (main is only reported, never acted on).
	readonly healthy: boolean;
	// Why the latest readiness attempt failed (of this spawn or one before), for the start-up error (`status 500`).
	readonly probeFailure: string | null;
	// The last stderr lines of the running spawn, or of the last one once it exited (crash context, stderr-tail.ts).
	readonly stderrTail: readonly string[];
	// The stderr tail the last exit was reported with: empty after a success or a requested stop.
	readonly lastExitStderr: readonly string[];
	// What a gate in state `waiting` waits for (`tcp probe db.internal:5432`); null otherwise.
	readonly waitingFor: string | null;
};

// What the supervisor means the process to do next, besides what its state says: keep running (and be restarted by
// its policy), stay down once stopped, or be stopped for a reason (failed liveness, a memory limit) and then be
// treated as a crash by its policy.
// `stopped` is the recycling stop under way, if any: its `stopped` event comes before the exit's.
// A recycle is also how a task's run that outlasts its timeout ends (`as: 'timed out'`). `cause`: the process is kept
// down after a stop for a failure (main's liveness restart, a memory limit's stop, a shutdown task's timeout).
type Intent = {kind: 'run'} | {kind: 'stay-down'; stopped?: Promise<void>; cause?: StoppedFor} | {kind: 'recycle'; reason: string; as: StoppedFor; stopped: Promise<void>};

// One child's life: spawn → probe → run → exit → ask the restart policy → back off → spawn again.
export class ManagedProcess implements ProcessView {
	#state: ProcessState = 'pending';
	#pid: number | null = null;
	#restarts = 0;
	#startedAt: number | null = null;
	#lastExit: ExitInfo | null = null;
	#lastExitStderr: readonly string[] = [];
	#healthy = true;
	#probeFailure: string | null = null;
	#intent: Intent = {kind: 'run'};
	// Why the process is down for good: the restart budget ran out (state 'fatal'), or the supervisor stopped a run
	// its policy does not restart (a task's timeout); '' otherwise.
	#fatalReason = '';
	#child: Child | null = null;
	#attempt = 0;
	#restartTimes: number[] = [];
	// Process groups of earlier spawns that still had members when their leader exited (a child that forked).
	readonly #groups = new Set<number>();
	#exitHandled: Promise<void> = Promise.resolve();
	#spawnScope: AbortController | null = null;
	#backoffScope: AbortController | null = null;
	readonly #listeners = new Set<(view: ProcessView) => void>();
	readonly #tail = new StderrTail();

	constructor(readonly spec: ResolvedProcess, private readonly host: ProcessHost, private readonly unit: AbortSignal) {
		host.events.subscribe(event => {
			if (event.event === 'line' && event.stream === 'stderr' && event.name === spec.name) {
				this.#tail.push(event.block);
			}
		}, unit);
	}

	get name(): string {
		return this.spec.name;
	}

	get state(): ProcessState {
		return this.#state;
	}

	get ready(): boolean {
		return isReadyState(this.#state, this.spec.run);
	}

	get pid(): number | null {
		return this.#pid;
	}

	get restarts(): number {
		return this.#restarts;
	}

	get startedAt(): number | null {
		return this.#startedAt;
	}

	get lastExit(): ExitInfo | null {
		return this.#lastExit;
	}

	get healthy(): boolean {
		return this.#healthy;
	}

	get probeFailure(): string | null {
		return this.#probeFailure;
	}

	get stderrTail(): readonly string[] {
		return this.#tail.lines();
	}

	get lastExitStderr(): readonly string[] {
		return this.#lastExitStderr;
	}

	get waitingFor(): string | null {
		return this.#state === 'waiting' && this.spec.readiness !== null ? describeProbe(this.spec.readiness.probe) : null;
	}

	// Called on every state change.
	onChange(listener: (view: ProcessView) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	start(): void {
		this.#intent = {kind: 'run'};
		this.#fatalReason = '';
		if (this.spec.run === 'gate') {
			this.#watchGate();
		} else {
			this.#spawn();
		}
	}

	// Resolves once ready (probe passed, or alive 1 s); rejects with the reason when it can no longer get there.
	async untilReady(): Promise<void> {
		return new Promise((resolve, reject) => {
			const check = () => {
				if (this.ready) {
					resolve();
				} else if (this.#state === 'fatal') {
					reject(new Error(`it went fatal (${this.#fatalReason})`));
				} else if (this.#state === 'exited' || this.unit.aborted) {
					reject(new Error(`it exited (${describeExit(this.#lastExit)}${this.#fatalReason === '' ? '' : `: ${this.#fatalReason}`})`));
				} else {
					return;
				}

				stop();
			};

			const stop = this.onChange(check);
			queueMicrotask(check);
		});
	}

	// Resolves with the exit of the running child once it is fully handled (at once when none runs).
	async untilExit(): Promise<ExitInfo | null> {
		await this.#exitHandled;
		return this.#lastExit;
	}

	// stopSignal to the group, SIGKILL to the tree after stopTimeout; no restart follows. With a `cause`, the exit
	// counts as that failure, not as a requested stop (docs/restarts.md, Exit codes).
	async stop(cause?: StoppedFor): Promise<void> {
		this.holdRestarts(cause);
		if (this.#state === 'stopping') {
			await this.#exitHandled; // A liveness or limit stop is under way: its exit now keeps the process down.
		}

		const child = this.#child;
		if (child === null) {
			if (this.#state === 'backoff' || this.#state === 'pending') {
				this.#transition('stop');
			} else if (this.spec.run === 'gate' && (this.#state === 'waiting' || this.#state === 'ready')) {
				this.#spawnScope?.abort();
				this.#transition('unwatch');
			}
		} else if (child.pid > 0) {
			await this.#stopChild(child);
			await this.#exitHandled;
		} else {
			await this.#exitHandled; // It never started (spawn.ts): nothing to signal, its exit is on its way.
		}

		await stopLeftoverGroups(this.#groups, this.spec.stopSignal, this.spec.stopTimeout, this.host);
		this.#groups.clear();
	}

	// The unit is shutting down: no exit from now on is restarted, and a pending restart is dropped. A recycle under
	// way keeps its cause.
	holdRestarts(cause?: StoppedFor): void {
		const intent = this.#intent;
		this.#intent = intent.kind === 'run' ? {kind: 'stay-down', cause}
			: {kind: 'stay-down', stopped: intent.stopped, cause: cause ?? (intent.kind === 'recycle' ? intent.as : intent.cause)};
		this.#backoffScope?.abort();
	}

	// Stops the running spawn (stopSignal, stopTimeout, SIGKILL) and lets the restart policy decide, as for a crash;
	// unlike stop(), the process is not kept down. Liveness uses it; so does a memory limit.
	async recycle(reason: string, as: StoppedFor): Promise<void> {
		const child = this.#child;
		if (child === null || child.pid <= 0 || this.#state === 'stopping' || this.#intent.kind !== 'run') {
			return;
		}

		const stopped = this.#stopChild(child, reason);
		this.#intent = {kind: 'recycle', reason, as, stopped};
		await stopped;
	}

	// SIGKILL the whole tree now (a second Ctrl-C); a running stop() then sees the exit at once.
	async kill(cause?: StoppedFor): Promise<void> {
		this.holdRestarts(cause);
		if (this.#child !== null) {
			await killTree(this.#child.pid, false, this.host.procTable, this.host.kill);
		}
	}

	async #stopChild(child: Child, reason?: string): Promise<void> {
		this.#transition('stop');
		this.host.events.publish({event: 'stopping', name: this.name, pid: child.pid, signal: this.spec.stopSignal, reason});
		// preStop and the stop signal share stopTimeout, as Kubernetes' grace period (docs/lifecycle.md, Hooks).
		const started = this.host.now();
		await runPreStop(this.spec, child, this.host.env(this.name), this.host.events, this.unit);
		const left = this.spec.stopTimeout - (this.host.now() - started);
		const how = await stopGroup(child.pid, this.spec.stopSignal, left, child.exited, child.ownGroup, this.host);
		await outputSettled(child);
		this.host.events.publish({event: 'stopped', name: this.name, pid: child.pid, how: how === 'killed' ? `SIGKILL after ${this.spec.stopTimeout}ms` : undefined});
	}

	#spawn(): void {
		const child = this.host.spawn(this.spec, this.host.env(this.name));
		this.#child = child;
		const pid = child.pid > 0 ? child.pid : undefined; // None for a command that could not start (spawn.ts).
		this.#pid = pid ?? null;
		this.#startedAt = this.host.now();
		this.#healthy = true;
		this.#tail.clear();
		const scope = childScope(this.unit);
		this.#spawnScope = scope;
		readOutput(this.host.events, this.name, 'stdout', child.stdout);
		readOutput(this.host.events, this.name, 'stderr', child.stderr);
		this.#transition('spawned');
		this.host.events.publish({event: 'starting', name: this.name, pid});
		if (this.spec.run === 'once') {
			this.#transition('taskStarted'); // A task is ready only once it completes: no readiness to watch.
			void this.#limitRun(child, scope.signal);
		} else {
			void this.#watchReadiness(child, scope.signal);
		}

		this.#exitHandled = child.exited.then(async exit => this.#onExit(child, exit));
	}

	// A task's run that outlasts its timeout is stopped as at shutdown (stopSignal, then SIGKILL of the tree after
	// stopTimeout) and counts as a failure for its restart policy.
	async #limitRun(child: Child, signal: AbortSignal): Promise<void> {
		const {timeout} = this.spec;
		if (timeout !== null && child.pid > 0 && await this.host.sleep(timeout, signal)) {
			await this.recycle(`timed out after ${formatDuration(timeout)}`, 'timed out');
		}
	}

	// An external gate runs nothing: it waits for its probe, as a 'before' sidecar's readiness (docs/lifecycle.md, Gates).
	#watchGate(): void {
		const scope = childScope(this.unit);
		this.#spawnScope = scope;
		this.#transition('watch');
		this.host.events.publish({event: 'waiting', name: this.name, for: this.waitingFor ?? 'its probe'});
		void untilSpawnReady(this.spec, this.host.events, this.host.sleep, scope.signal, reason => {
			this.#probeFailure = reason;
		}, null, this.host.suspension).then(ready => {
			if (ready !== null && !scope.signal.aborted && this.#state === 'waiting') {
				this.#transition(ready.event);
				this.host.events.publish({event: 'ready', name: this.name, pid: null, ...ready.details});
			}
		});
	}

	async #watchReadiness(child: Child, signal: AbortSignal): Promise<void> {
		if (this.spec.hooks.postStart !== null && !await this.#postStart(child, signal)) {
			return; // Without a hook nothing is awaited: the probe starts in the same turn as the spawn.
		}

		const ready = await untilSpawnReady(this.spec, this.host.events, this.host.sleep, signal, reason => {
			this.#probeFailure = reason;
		}, child.notify ?? null, this.host.suspension);
		if (ready !== null && !signal.aborted && this.#state === 'starting') {
			this.#transition(ready.event);
			this.host.events.publish({event: 'ready', name: this.name, pid: this.#pid, ...ready.details});
			void guardLiveness(this, verdict => this.#onLiveness(verdict), this.host.events, signal, this.host.sleep, this.host.suspension);
			void watchReadiness(this.spec, verdict => this.#onReadiness(verdict), signal, this.host.sleep, this.host.suspension);
		}
	}

	// Readiness after the first pass (docs/lifecycle.md, Probes): reported and shown, never a restart.
	#onReadiness(verdict: ReadinessVerdict): void {
		if (!verdict.ready && this.#state === 'ready') {
			this.#transition('probeFailed');
			this.host.events.publish({event: 'not-ready', name: this.name, pid: this.#pid, reason: verdict.reason});
		} else if (verdict.ready && this.#state === 'not-ready') {
			this.#transition('probePassed');
			this.host.events.publish({event: 'ready', name: this.name, pid: this.#pid, probe: this.spec.readiness?.probe.kind, again: true});
		}
	}

	// postStart runs beside the new child; readiness waits for it, and a failure stops the spawn as a crash, as
	// Kubernetes kills a container whose postStart hook failed. False when the spawn is not to be probed.
	async #postStart(child: Child, signal: AbortSignal): Promise<boolean> {
		if (child.pid <= 0) {
			return true;
		}

		const result = await runHook(this.spec, 'postStart', child.pid, this.host.env(this.name), this.host.events, this.spec.hooks.timeout, signal);
		if (!result.ok && !signal.aborted) {
			void this.recycle(`postStart hook failed (${result.reason})`, 'postStart failed');
		}

		return result.ok && !signal.aborted;
	}

	#onLiveness(verdict: LivenessVerdict): void {
		this.#healthy = verdict.healthy;
		if (!verdict.healthy && this.spec.kind === 'sidecar') {
			void this.recycle(verdict.reason, 'liveness failed');
		}
	}

	async #onExit(child: Child, exit: ExitInfo): Promise<void> {
		await outputSettled(child);
		const recycled = this.#intent.kind === 'recycle' ? this.#intent : null;
		await (this.#intent.kind === 'run' ? undefined : this.#intent.stopped); // A recycling stop logs `stopped` first.
		const cause = recycled?.as ?? (this.#intent.kind === 'stay-down' ? this.#intent.cause : undefined);
		if (this.#intent.kind === 'recycle') {
			this.#intent = {kind: 'run'};
		}

		this.#spawnScope?.abort();
		this.#child = null;
		this.#pid = null;
		this.#lastExit = exit;
		if (child.pid > 0 && liveGroups([child.pid]).size > 0) {
			this.#groups.add(child.pid); // Grandchildren stayed: ended at stop(). An empty group is forgotten at once.
		}

		const now = this.host.now();
		const ranFor = now - (this.#startedAt ?? 0);
		this.#restartTimes = this.#restartTimes.filter(time => now - time < this.spec.maxRestarts.window);
		// Dying of the stop signal the supervisor sent is how a stop ends, not a failure; a stop for a cause is one.
		const stopped = this.#state === 'stopping' && cause === undefined && exit.signal === this.spec.stopSignal;
		const succeeded = cause === undefined && isSuccessfulExit(this.spec, exit);
		const stderr = succeeded || stopped ? undefined : this.#tail.lines();
		this.#lastExitStderr = stderr ?? [];
		const exited = {
			event: 'exited', name: this.name, pid: child.pid > 0 ? child.pid : undefined, code: exit.code, signal: exit.signal, error: exit.error,
			stopped: stopped || undefined, cause, stderr: stderr?.length ? stderr : undefined,
		} as const;
		if (this.spec.run === 'once' && succeeded && this.#state !== 'stopping') {
			this.#transition('completed'); // Whatever the intent: a task that finished while the unit stops still completed.
			this.host.events.publish(exited);
			return;
		}

		const decision = this.#intent.kind === 'stay-down' || this.unit.aborted
			? {action: 'stay' as const}
			: decideRestart(this.spec, exit, this.#restartTimes, now, recycled?.as ?? null);
		if (decision.action === 'fatal') {
			this.#fatalReason = decision.reason;
			this.host.events.publish(exited);
			this.host.events.publish({event: 'fatal', name: this.name, reason: decision.reason, code: exit.code, signal: exit.signal, restarts: decision.restarts, windowMs: decision.windowMs, stderr: exited.stderr});
			this.#transition('gaveUp'); // After the events: a critical sidecar's shutdown is logged after its cause.
		} else if (decision.action === 'restart') {
			this.#transition('crashed');
			this.host.events.publish(exited);
			void this.#restartAfterBackoff(ranFor, recycled?.reason ?? `exited (${describeExit(exit)})`);
		} else {
			this.#fatalReason = recycled?.reason ?? '';
			this.#transition('exited');
			this.host.events.publish(exited);
		}
	}

	async #restartAfterBackoff(ranFor: number, reason: string): Promise<void> {
		if (ranFor >= this.spec.backoff.resetAfter) {
			this.#attempt = 0;
		}

		const delay = backoffDelay(this.spec.backoff, this.#attempt++, this.host.random);
		const scope = childScope(this.unit);
		this.#backoffScope = scope;
		this.host.events.publish({event: 'restarting', name: this.name, delayMs: delay, restarts: this.#restarts + 1, reason});
		const slept = await this.host.sleep(delay, scope.signal);
		scope.abort(); // Detaches it from the unit's signal.
		this.#backoffScope = null;
		if (slept && this.#intent.kind === 'run' && this.#state === 'backoff') {
			this.#restarts++;
			this.#restartTimes.push(this.host.now());
			this.#spawn();
		}
	}

	#transition(event: ProcessEvent): void {
		this.#state = nextState(this.#state, event);
		this.host.events.publish({event: 'state', name: this.name});
		for (const listener of this.#listeners) {
			listener(this);
		}
	}
}
