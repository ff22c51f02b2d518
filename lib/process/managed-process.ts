import {setTimeout as sleep} from 'node:timers/promises';
import type {ResolvedProcess} from '../config/types.js';
import type {Logger} from '../logs/logger.js';
import {guardLiveness} from '../probes/liveness.js';
import {backoffDelay} from './backoff.js';
import {untilSpawnReady} from './readiness.js';
import {childScope} from './scope.js';
import {decideRestart} from './restart-policy.js';
import {describeExit, outputSettled, type Child, type ExitInfo, type SpawnChild} from './spawn.js';
import {isReadyState, nextState, type ProcessEvent, type ProcessState} from './states.js';
import {killTree, stopGroup, stopLeftoverGroups} from './stop.js';

// What a process needs from the unit around it: injected, so tests can drive it.
export type ProcessHost = {
	spawn: SpawnChild;
	logger: Logger;
	// SIDECAR_* variables, read at each spawn (SIDECAR_MAIN_PID appears once main runs).
	env: (name: string) => Record<string, string>;
	now: () => number;
};

// One child's life: spawn → probe → run → exit → ask the restart policy → back off → spawn again.
export class ManagedProcess {
	state: ProcessState = 'pending';
	pid: number | null = null;
	restarts = 0;
	startedAt: number | null = null;
	lastExit: ExitInfo | null = null;
	// False while the liveness probe of this spawn is failing (main is only reported, never acted on).
	healthy = true;
	// Why this spawn's latest readiness attempt failed, for the start-up error (`status 500`).
	probeFailure: string | null = null;
	#child: Child | null = null;
	#attempt = 0;
	#restartTimes: number[] = [];
	#groups = new Set<number>();
	#final = false;
	#restartPending = false;
	#fatalReason = '';
	// Set while the supervisor stops this spawn for failing its liveness probe: the policy then decides.
	#unhealthy: string | null = null;
	#recycling: Promise<void> | null = null;
	#exitHandled: Promise<void> = Promise.resolve();
	#spawnScope: AbortController | null = null;
	#backoffScope: AbortController | null = null;
	#listeners = new Set<(process: ManagedProcess) => void>();

	constructor(readonly spec: ResolvedProcess, private readonly host: ProcessHost, private readonly unit: AbortSignal) {}

	get name(): string {
		return this.spec.name;
	}

	get ready(): boolean {
		return isReadyState(this.state);
	}

	// Called on every state change.
	onChange(listener: (process: ManagedProcess) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	start(): void {
		this.#final = false;
		this.#fatalReason = '';
		this.#spawn();
	}

	// Resolves once ready (probe passed, or alive 1 s); rejects with the reason when it can no longer get there.
	async untilReady(): Promise<void> {
		return new Promise((resolve, reject) => {
			const check = () => {
				if (this.ready) {
					resolve();
				} else if (this.#fatalReason !== '' || (this.state === 'exited' && !this.#restartPending) || this.unit.aborted) {
					reject(new Error(this.#fatalReason === '' ? `it exited (${describeExit(this.lastExit)})` : `it went fatal (${this.#fatalReason})`));
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
		if (this.#child === null) {
			return this.lastExit;
		}

		return new Promise(resolve => {
			const stop = this.onChange(({state, lastExit}) => {
				if (state === 'exited') {
					stop();
					resolve(lastExit);
				}
			});
		});
	}

	// stopSignal to the group, SIGKILL to the tree after stopTimeout; no restart follows.
	async stop(): Promise<void> {
		this.#final = true;
		this.#restartPending = false;
		this.#backoffScope?.abort();
		if (this.state === 'stopping') {
			await this.#exitHandled; // A liveness stop is under way: let it end; #final keeps the process down.
		}

		const child = this.#child;
		if (child === null) {
			if (this.state === 'backoff' || this.state === 'pending') {
				this.#transition('stop');
			}
		} else if (child.pid > 0) {
			await this.#stopChild(child);
		} else {
			await this.#exitHandled; // It never started (spawn.ts): nothing to signal, its exit is on its way.
		}

		await this.#endLeftovers();
	}

	// The unit is shutting down: no exit from now on is restarted, and a pending restart is dropped (issue 3).
	holdRestarts(): void {
		this.#final = true;
		this.#backoffScope?.abort();
	}

	// Stops the running spawn (stopSignal, stopTimeout, SIGKILL) and lets the restart policy decide, as
	// for a crash; unlike stop(), the process is not final. Liveness uses it; so can a memory limit.
	async recycle(reason: string): Promise<void> {
		const child = this.#child;
		if (child === null || child.pid <= 0 || this.state === 'stopping' || this.#final) {
			return;
		}

		this.#unhealthy = reason;
		this.#recycling = this.#stopChild(child, reason);
		await this.#recycling;
	}

	async #stopChild(child: Child, reason?: string): Promise<void> {
		this.#transition('stop');
		this.host.logger.event(this.name, 'stopping', {pid: child.pid, signal: this.spec.stopSignal, reason});
		const how = await stopGroup(child.pid, this.spec.stopSignal, this.spec.stopTimeout, child.exited);
		await outputSettled(child);
		this.host.logger.event(this.name, 'stopped', {pid: child.pid, how: how === 'killed' ? `SIGKILL after ${this.spec.stopTimeout}ms` : undefined});
	}

	// SIGKILL the whole tree now (a second Ctrl-C); a running stop() then sees the exit at once.
	async kill(): Promise<void> {
		this.#final = true;
		this.#backoffScope?.abort();
		if (this.#child !== null) {
			await killTree(this.#child.pid, false);
		}
	}

	#spawn(): void {
		const child = this.host.spawn(this.spec, this.host.env(this.name));
		const pid = child.pid > 0 ? child.pid : undefined; // None for a command that could not start (spawn.ts).
		this.#child = child;
		this.pid = pid ?? null;
		if (pid !== undefined) {
			this.#groups.add(pid);
		}

		this.startedAt = this.host.now();
		this.healthy = true;
		this.probeFailure = null;
		const scope = childScope(this.unit);
		this.#spawnScope = scope;
		const {signal} = scope;
		this.host.logger.pipe(this.name, 'stdout', child.stdout);
		this.host.logger.pipe(this.name, 'stderr', child.stderr);
		this.#transition('spawned');
		this.host.logger.event(this.name, 'starting', {pid});
		void this.#watchReadiness(signal);
		this.#exitHandled = child.exited.then(async exit => this.#onExit(child, exit));
	}

	async #watchReadiness(signal: AbortSignal): Promise<void> {
		const ready = await untilSpawnReady(this.spec, this.host.logger, signal, reason => {
			this.probeFailure = reason;
		});
		if (ready !== null && !signal.aborted && this.state === 'starting') {
			this.#transition(ready.event);
			this.host.logger.event(this.name, 'ready', {pid: this.pid, ...ready.details});
			void guardLiveness(this, this.host.logger, signal);
		}
	}

	async #onExit(child: Child, exit: ExitInfo): Promise<void> {
		await outputSettled(child);
		await this.#recycling; // A liveness stop logs `stopped` before this exit is decided.
		this.#recycling = null;
		const unhealthy = this.#unhealthy;
		this.#unhealthy = null;
		this.#spawnScope?.abort();
		this.#child = null;
		this.pid = null;
		this.lastExit = exit;
		const now = this.host.now();
		const ranFor = now - (this.startedAt ?? 0);
		this.#restartTimes = this.#restartTimes.filter(time => now - time < this.spec.maxRestarts.window);
		const decision = this.#final || this.unit.aborted ? {action: 'stay' as const} : decideRestart(this.spec, exit, this.#restartTimes, now, unhealthy !== null);
		this.#restartPending = decision.action === 'restart';
		this.#fatalReason = decision.action === 'fatal' ? decision.reason : ''; // Set before `exited`: untilReady then says why.
		this.#transition('exited');
		this.host.logger.event(this.name, 'exited', {pid: child.pid > 0 ? child.pid : undefined, code: exit.code, signal: exit.signal, error: exit.error});
		if (decision.action === 'fatal') {
			this.host.logger.event(this.name, 'fatal', {reason: decision.reason, code: exit.code, signal: exit.signal, restarts: decision.restarts, windowMs: decision.windowMs});
			this.#transition('giveUp'); // After the event: a critical sidecar's shutdown is logged after its cause.
		} else if (decision.action === 'restart') {
			void this.#restartAfterBackoff(ranFor, unhealthy ?? `exited (${describeExit(exit)})`);
		}
	}

	async #restartAfterBackoff(ranFor: number, reason: string): Promise<void> {
		if (ranFor >= this.spec.backoff.resetAfter) {
			this.#attempt = 0;
		}

		const delay = backoffDelay(this.spec.backoff, this.#attempt++);
		const scope = childScope(this.unit);
		this.#backoffScope = scope;
		this.#transition('retry');
		this.host.logger.event(this.name, 'restarting', {delayMs: delay, restarts: this.restarts + 1, reason});
		const aborted = await sleep(delay, false, {signal: scope.signal}).catch(() => true);
		scope.abort(); // Detaches it from the unit's signal.
		this.#backoffScope = null;
		this.#restartPending = false;
		if (!aborted && !this.#final) {
			this.restarts++;
			this.#restartTimes.push(this.host.now());
			this.#spawn();
		}
	}

	// Grandchildren left behind in the groups of earlier spawns (a child that forked and exited).
	async #endLeftovers(): Promise<void> {
		await stopLeftoverGroups(this.#groups, this.spec.stopSignal, this.spec.stopTimeout);
		this.#groups.clear();
	}

	#transition(event: ProcessEvent): void {
		this.state = nextState(this.state, event);
		for (const listener of this.#listeners) {
			listener(this);
		}
	}
}
