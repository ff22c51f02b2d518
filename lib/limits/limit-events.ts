import type {LimitEvent} from './memory-action.js';

// Per-process counts of limit events, read by the metrics endpoint as sidecar_process_limit_events_total.
export class LimitCounters {
	readonly #counts = new Map<string, Map<string, number>>();

	// Count one event under its process and `resource/reason`.
	record(event: LimitEvent): void {
		const counts = this.#counts.get(event.name) ?? new Map<string, number>();
		const key = `${event.resource}/${event.reason}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
		this.#counts.set(event.name, counts);
	}

	// All events of one process, or only those of one resource.
	total(name: string, resource?: LimitEvent['resource']): number {
		let total = 0;
		for (const [key, count] of this.#counts.get(name) ?? []) {
			total += resource === undefined || key.startsWith(`${resource}/`) ? count : 0;
		}

		return total;
	}

	// Every process's counts by `resource/reason`, for labelled metrics.
	entries(): Array<[string, Record<string, number>]> {
		return [...this.#counts].map(([name, counts]) => [name, Object.fromEntries(counts)]);
	}
}
