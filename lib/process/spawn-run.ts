import type {ResolvedProcess} from '../config/types.js';
import {readOutput} from '../logs/output-reader.js';
import type {ReadinessVerdict} from '../readiness/keep-ready.js';
import {guardLiveness, type LivenessVerdict} from '../readiness/liveness.js';
import {childScope} from '../abort-scope.js';
import type {SpawnOutcome} from './exit-decision.js';
import {passPostStart} from './post-start.js';
import {untilSpawnReady, watchReadiness} from '../readiness/spawn-ready.js';
import type {StoppedFor} from './restart-policy.js';
import {outputSettled, type Child} from './spawn.js';
import type {StateCell} from './state-cell.js';
import {StderrTail} from './stderr-tail.js';
import {stopChild} from './stop-child.js';
import {limitTaskRun} from './task-timeout.js';
import type {ProcessHost} from './unit-member.js';

// What a spawn's run moves and asks of its process: the state (states.ts), a recycle (a failed postStart or liveness
// probe, a task's timeout: the process decides whether one may start now), and why the last probe attempt failed.
export type RunOwner = {
	state: StateCell;
	recycle: (reason: string, as: StoppedFor) => Promise<void>;
	onProbeFailure: (reason: string) => void;
};

// One spawn's life, a spine of calls sharing the spawn's scope: spawn, output, then a task's timeout, or postStart,
// readiness, liveness and readiness again; `stop` when asked. `ended` resolves with one outcome, once the child has
// exited, its output has settled and a stop under way has logged `stopped`.
export class SpawnRun {
	readonly child: Child;
	readonly pid: number | null;
	readonly startedAt: number;
	readonly tail = new StderrTail();
	readonly ended: Promise<SpawnOutcome>;
	healthy = true;
	readonly #scope: AbortController;
	#stopping: Promise<void> | null = null;
	#cause: StoppedFor | undefined;
	#reason: string | undefined;

	constructor(readonly spec: ResolvedProcess, private readonly host: ProcessHost, private owner: RunOwner, private readonly until: AbortSignal) {
		const child = host.spawn(spec, host.env(spec.name));
		this.child = child;
		this.pid = child.pid > 0 ? child.pid : null; // None for a command that could not start (spawn.ts).
		this.startedAt = host.now();
		this.#scope = childScope(until);
		readOutput(host.events, spec.name, 'stdout', child.stdout);
		readOutput(host.events, spec.name, 'stderr', child.stderr, block => this.tail.push(block));
		owner.state.apply('spawned');
		host.events.publish({event: 'starting', name: spec.name, pid: this.pid ?? undefined});
		if (spec.run === 'once') {
			owner.state.apply('taskStarted'); // A task is ready only once it completes: no readiness to watch.
			void limitTaskRun(spec.timeout, this.pid, host.sleep, owner.recycle, this.#scope.signal);
		} else {
			void this.#watch(this.#scope.signal);
		}

		this.ended = this.#end();
	}

	get name(): string {
		return this.spec.name;
	}

	get stderrTail(): readonly string[] {
		return this.tail.lines();
	}

	// Stops the child (stop-child.ts); a stop for a failure names its `cause`, which its outcome then carries.
	async stop(reason?: string, cause?: StoppedFor): Promise<void> {
		this.#reason = reason;
		this.blame(cause);
		this.owner.state.apply('stop');
		this.#stopping = stopChild(this.spec, this.child, this.host, this.until, reason);
		await this.#stopping;
	}

	// From now on its states, recycles and probe failures are `owner`'s: a next generation taken over by its process,
	// or a replaced one whose stop no longer moves its process's state (restart --overlap, next-generation.ts).
	reown(owner: RunOwner): void {
		this.owner = owner;
	}

	// The spawn's end counts as this failure (a stop, a kill or a held restart for a cause).
	blame(cause: StoppedFor | undefined): void {
		this.#cause = cause ?? this.#cause;
	}

	async #end(): Promise<SpawnOutcome> {
		const exit = await this.child.exited;
		await outputSettled(this.child);
		await this.#stopping; // A stop under way logs `stopped` before the exit is told.
		this.#scope.abort();
		const why = this.#cause ?? (this.#stopping === null ? 'exited' : 'stopped');
		return {exit, pid: this.pid, why, reason: this.#reason, ranFor: this.host.now() - this.startedAt, stderr: this.tail.lines()};
	}

	async #watch(signal: AbortSignal): Promise<void> {
		const {spec, host, owner} = this;
		// Without a hook nothing is awaited: the probe starts in the same turn as the spawn.
		if (spec.hooks.postStart !== null && !await passPostStart(spec, this.child, host.env(spec.name), host.events, owner.recycle, signal)) {
			return;
		}

		const ready = await untilSpawnReady(spec, host.events, host.sleep, signal, owner.onProbeFailure, this.child.notify ?? null, host.suspension);
		if (ready !== null && !signal.aborted && owner.state.current === 'starting') {
			owner.state.apply(ready.event);
			host.events.publish({event: 'ready', name: spec.name, pid: this.pid, ...ready.details});
			void guardLiveness(this, verdict => this.#onLiveness(verdict), host.events, signal, host.sleep, host.suspension);
			void watchReadiness(spec, verdict => this.#onReadiness(verdict), signal, host.sleep, host.suspension);
		}
	}

	// Readiness after the first pass (docs/lifecycle.md, Probes): reported and shown, never a restart.
	#onReadiness(verdict: ReadinessVerdict): void {
		const {state} = this.owner;
		if (!verdict.ready && state.current === 'ready') {
			state.apply('probeFailed');
			this.host.events.publish({event: 'not-ready', name: this.name, pid: this.pid, reason: verdict.reason});
		} else if (verdict.ready && state.current === 'not-ready') {
			state.apply('probePassed');
			this.host.events.publish({event: 'ready', name: this.name, pid: this.pid, probe: this.spec.readiness?.probe.kind, again: true});
		}
	}

	// A failing liveness probe recycles a sidecar; main's is only reported here (supervisor/main-liveness.ts acts on it).
	#onLiveness(verdict: LivenessVerdict): void {
		this.healthy = verdict.healthy;
		if (!verdict.healthy && this.spec.kind === 'sidecar') {
			void this.owner.recycle(verdict.reason, 'liveness failed');
		}
	}
}
