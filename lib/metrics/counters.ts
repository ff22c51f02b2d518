import {dispatchTo, type EventOf, type EventHandlers, type UnitEvent} from '../events/unit-events.js';
import type {ExitReason} from './prometheus.js';

// Why a process exited, from its `exited` event; `stopped`: of the stop signal the supervisor sent (not a failure);
// one the supervisor stopped for a `cause` (liveness, a memory limit, postStart, a timeout) is a failure (docs/restarts.md).
export const exitReason = ({error, signal, code, stopped, cause}: EventOf<'exited'>): ExitReason =>
	error !== undefined ? 'error' : stopped === true ? 'stopped' : cause !== undefined ? 'failure' : signal !== null ? 'signal' : code === 0 ? 'success' : 'failure';

// Counts what the unit's events tell and the snapshot does not: exits by reason and limit events, per process.
export class EventCounters {
	readonly #exits = new Map<string, Partial<Record<ExitReason, number>>>();
	readonly #limits = new Map<string, number>();
	readonly #handlers: EventHandlers = {
		exited: event => {
			const exits = this.#exits.get(event.name) ?? {};
			const reason = exitReason(event);
			exits[reason] = (exits[reason] ?? 0) + 1;
			this.#exits.set(event.name, exits);
		},
		limit: ({name}) => {
			this.#limits.set(name, (this.#limits.get(name) ?? 0) + 1);
		},
		line: 'ignore',
		state: 'ignore',
		'unit-state': 'ignore',
		starting: 'ignore',
		ready: 'ignore',
		'not-ready': 'ignore',
		notified: 'ignore',
		hook: 'ignore',
		draining: 'ignore',
		drained: 'ignore',
		restarting: 'ignore',
		fatal: 'ignore',
		unhealthy: 'ignore',
		stopping: 'ignore',
		stopped: 'ignore',
		killing: 'ignore',
		reloaded: 'ignore',
		leftovers: 'ignore',
		'logfile-failed': 'ignore',
		watchdog: 'ignore',
		'notify-failed': 'ignore',
		metrics: 'ignore',
		waiting: 'ignore',
		'helper-missing': 'ignore',
	};

	// Subscribe this to the unit's events.
	readonly count: (event: UnitEvent) => void = dispatchTo(this.#handlers);

	exits(name: string): Partial<Record<ExitReason, number>> {
		return {...this.#exits.get(name)};
	}

	limitEvents(name: string): number {
		return this.#limits.get(name) ?? 0;
	}
}
