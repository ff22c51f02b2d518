import type {EventTap} from '../logs/logger.js';

// Why a process exited, from the details of its `exited` event.
export const exitReason = (details: Record<string, unknown>): 'success' | 'failure' | 'signal' | 'error' =>
	typeof details.error === 'string' ? 'error' : typeof details.signal === 'string' ? 'signal' : details.code === 0 ? 'success' : 'failure';

// Counts what the supervisor's events tell and the snapshot does not: exits by reason and limit events, per process.
export class EventCounters {
	readonly #exits = new Map<string, Record<string, number>>();
	readonly #limits = new Map<string, number>();

	// Give this to Logger.tapEvents.
	readonly tap: EventTap = (name, event, details) => {
		if (event === 'exited') {
			const exits = this.#exits.get(name) ?? {};
			const reason = exitReason(details);
			exits[reason] = (exits[reason] ?? 0) + 1;
			this.#exits.set(name, exits);
		} else if (event === 'limit') {
			this.#limits.set(name, (this.#limits.get(name) ?? 0) + 1);
		}
	};

	exits(name: string): Record<string, number> {
		return {...this.#exits.get(name)};
	}

	limitEvents(name: string): number {
		return this.#limits.get(name) ?? 0;
	}
}
