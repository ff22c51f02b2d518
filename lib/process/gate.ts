import type {ResolvedProcess} from '../config/types.js';
import {childScope} from '../abort-scope.js';
import {describeProbe} from '../readiness/describe.js';
import {untilSpawnReady} from '../readiness/spawn-ready.js';
import type {ExitInfo} from './spawn.js';
import {notReadyError, StateCell} from './state-cell.js';
import {isReadyState, type ProcessState} from './states.js';
import type {ProcessHost, UnitMember} from './unit-member.js';

// An external gate (`run: 'gate'`) runs nothing: it waits for its probe, as a 'before' sidecar's readiness, and is then
// ready until it is stopped (docs/config.md, External gates). No child, so no exit, restart, recycle or kill.
export class Gate implements UnitMember {
	readonly pid = null;
	readonly restarts = 0;
	readonly startedAt = null;
	readonly lastExit: ExitInfo | null = null;
	readonly healthy = true;
	readonly stderrTail: readonly string[] = [];
	readonly lastExitStderr: readonly string[] = [];
	readonly #state: StateCell;
	#probeFailure: string | null = null;
	#scope: AbortController | null = null;

	constructor(readonly spec: ResolvedProcess, private readonly host: ProcessHost, private readonly until: AbortSignal) {
		this.#state = new StateCell(spec.name, host.events);
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

	get probeFailure(): string | null {
		return this.#probeFailure;
	}

	get waitingFor(): string | null {
		return this.state === 'waiting' && this.spec.readiness !== null ? describeProbe(this.spec.readiness.probe) : null;
	}

	start(): void {
		const scope = childScope(this.until);
		this.#scope = scope;
		this.#state.apply('watch');
		this.host.events.publish({event: 'waiting', name: this.name, for: this.waitingFor ?? 'its probe'});
		void untilSpawnReady(this.spec, this.host.events, this.host.sleep, scope.signal, reason => {
			this.#probeFailure = reason;
		}, null, this.host.suspension).then(ready => {
			if (ready !== null && !scope.signal.aborted && this.state === 'waiting') {
				this.#state.apply(ready.event);
				this.host.events.publish({event: 'ready', name: this.name, pid: null, ...ready.details});
			}
		});
	}

	async untilReady(): Promise<void> {
		return this.#state.until(() => this.ready, () => notReadyError(this.state, null, '', this.until.aborted));
	}

	async untilState(met: () => boolean, unmet: () => Error | null): Promise<void> {
		return this.#state.until(met, unmet);
	}

	async untilExit(): Promise<ExitInfo | null> {
		return null;
	}

	// Ends the wait (or the readiness): the gate is `exited` until started again.
	async stop(): Promise<void> {
		if (this.state === 'pending') {
			this.#state.apply('stop');
		} else if (this.state === 'waiting' || this.state === 'ready') {
			this.#scope?.abort();
			this.#state.apply('unwatch');
		}
	}

	// Held down (`sidecar stop NAME`): not ready, and not watching, until started again.
	async hold(): Promise<void> {
		if (['pending', 'waiting', 'ready', 'exited'].includes(this.state)) {
			this.#scope?.abort();
			this.#state.apply('hold');
		}
	}

	schedule(): void {} // A gate has no schedule (config/resolve-schedule.ts).

	holdRestarts(): void {} // Nothing of a gate restarts.

	async recycle(): Promise<void> {} // Nothing runs to be recycled.

	async kill(): Promise<void> {} // Nothing runs to be killed.
}
