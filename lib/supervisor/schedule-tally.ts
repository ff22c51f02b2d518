import type {ResolvedProcess, ResolvedSchedule} from '../config/types.js';
import {EXIT} from '../errors.js';
import type {UnitHandle} from './add-on.js';

// How one firing's run ended: 'replaced' by the next (overlap 'replace'), 'interrupted' by the unit's stop.
export type RunResult = 'succeeded' | 'failed' | 'replaced' | 'interrupted';

// What one schedule's runs came to (docs/schedules.md, Failures): the last run and result, the last success, runs by
// result, and the failures in a row, which at failureThreshold emit `schedule-failing` (a critical process then stops
// the unit with 70). Each end is told as `schedule-ended`.
export class ScheduleTally {
	lastRun: number | null = null;
	lastResult: RunResult | null = null;
	lastSuccess: number | null = null;
	failures = 0;
	readonly runs: Partial<Record<RunResult, number>> = {};

	constructor(
		private readonly spec: () => ResolvedProcess,
		private readonly schedule: ResolvedSchedule,
		private readonly unit: Pick<UnitHandle, 'clock' | 'events' | 'dispatch'>,
	) {}

	get failing(): boolean {
		return this.failures >= this.schedule.failureThreshold;
	}

	// A run's end, whichever run it was (the last to end sets lastResult).
	ended(result: RunResult): void {
		this.lastResult = result;
		this.runs[result] = (this.runs[result] ?? 0) + 1;
		if (result === 'succeeded') {
			this.failures = 0;
			this.lastSuccess = this.unit.clock.now();
		}

		this.unit.events.report({event: 'schedule-ended', name: this.spec().name, result});
		if (result === 'failed') {
			this.#countFailure();
		}
	}

	#countFailure(): void {
		this.failures++;
		if (this.failures !== this.schedule.failureThreshold) {
			return; // Told once, when the threshold is reached; a success starts the count again.
		}

		const {name, critical} = this.spec();
		this.unit.events.report({event: 'schedule-failing', name, failures: this.failures, critical: critical || undefined});
		if (critical) {
			const reason = `critical ${name}: ${this.failures} scheduled runs in a row failed`;
			void this.unit.dispatch({type: 'stop-unit', reason, exitCode: EXIT.software}).catch(() => {}); // Stopping already.
		}
	}
}
