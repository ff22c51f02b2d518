import type {EventOf, UnitEventsReader} from '../events/unit-events.js';
import type {ExitReason} from './prometheus.js';

// Why a process exited, from its `exited` event; `stopped`: of the stop signal the supervisor sent (not a failure);
// one the supervisor stopped for a `cause` (liveness, a memory limit, postStart, a timeout) is a failure (docs/restarts.md).
export const exitReason = ({error, signal, code, stopped, cause}: EventOf<'exited'>): ExitReason =>
	error !== undefined ? 'error' : stopped === true ? 'stopped' : cause !== undefined ? 'failure' : signal !== null ? 'signal' : code === 0 ? 'success' : 'failure';

// Counts what the unit's events tell and the snapshot does not: exits by reason and limit events, per process.
export class EventCounters {
	readonly #exits = new Map<string, Partial<Record<ExitReason, number>>>();
	readonly #limits = new Map<string, number>();

	// Counts the unit's `exited` and `limit` events until `signal` aborts.
	follow(events: Pick<UnitEventsReader, 'on'>, signal?: AbortSignal): void {
		events.on('exited', event => {
			const exits = this.#exits.get(event.name) ?? {};
			const reason = exitReason(event);
			exits[reason] = (exits[reason] ?? 0) + 1;
			this.#exits.set(event.name, exits);
		}, signal);
		events.on('limit', ({name}) => {
			this.#limits.set(name, (this.#limits.get(name) ?? 0) + 1);
		}, signal);
	}

	exits(name: string): Partial<Record<ExitReason, number>> {
		return {...this.#exits.get(name)};
	}

	limitEvents(name: string): number {
		return this.#limits.get(name) ?? 0;
	}
}
