import {missedFiring} from '../config/firings.js';
import type {ResolvedSchedule} from '../config/types.js';
import type {UnitHandle} from './add-on.js';
import type {ScheduleStore} from './schedule-store.js';

// One schedule's side of catch-up (docs/schedules.md, Catch-up): the missed firing read at start, each firing kept in
// the unit's state file; a file that cannot be read, or written (told once), is one `schedule-state` event.
export class ScheduleCatchUp {
	#storeFailed = false;

	constructor(
		private readonly name: string,
		private readonly schedule: ResolvedSchedule,
		private readonly unit: Pick<UnitHandle, 'name' | 'events'>,
		private readonly store: ScheduleStore | null,
	) {}

	// The firing missed while the unit was down, within catchUp of now; null when there is none or nothing is known.
	async missedAt(now: number): Promise<number | null> {
		const {catchUp} = this.schedule;
		if (catchUp === null || this.store === null) {
			return null;
		}

		const kept = await this.store.read();
		if ('problem' in kept) {
			this.#problem(kept.problem);
			return null;
		}

		const last = kept.firings[this.name];
		return last === undefined ? null : missedFiring(this.schedule, last, now, catchUp);
	}

	// Keeps `slot` as the last firing (nothing without catchUp).
	async record(slot: number): Promise<void> {
		if (this.store === null || this.schedule.catchUp === null) {
			return;
		}

		const problem = await this.store.record(this.name, slot);
		if (problem !== null && !this.#storeFailed) {
			this.#storeFailed = true; // Once: the unit runs on without catch-up, and says so.
			this.#problem(problem);
		}
	}

	#problem(reason: string): void {
		this.unit.events.report({event: 'schedule-state', name: this.unit.name, file: this.store!.file, reason});
	}
}
