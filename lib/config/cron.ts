import {createRequire} from 'node:module';
import type {Cron as CronClass} from 'croner';
import {wallTime, zoneOffset} from './zone-time.js';

// croner is required on first use, synchronously (config resolution is): a unit with no schedule never loads it, which
// kept ~4 ms off every start (issue 29, docs/benchmarks.md, start-up).
let cronClass: typeof CronClass | undefined;
const loadCron = (): typeof CronClass => {
	cronClass ??= (createRequire(import.meta.url)('croner') as {Cron: typeof CronClass}).Cron;
	return cronClass;
};

// Cron through croner (https://github.com/hexagon/croner): no dependencies, Node >= 18, maintained (PM2's engine), time
// zones through Intl, 5 or 6 fields, @daily-style names, `L` and `#`. Day-of-month and day-of-week combine as in
// Vixie cron (either matches). Its own DST rule runs a fixed-time job that falls in a spring-forward gap at the next
// valid time, and an interval job twice in a fall-back hour; ours is systemd's (docs/schedules.md), so that an exported
// timer agrees: a local time that does not exist is skipped, and one that occurs twice runs once, at its first occurrence.
export type CronSchedule = {next: (after: number) => number | null};

// The firing after `after` (ms) under the rule above; null when the expression never fires again. Throws croner's own
// error for an expression it refuses (config/resolve-schedule.ts words it).
export function compileCron(expression: string, timezone: string): CronSchedule {
	const Cron = loadCron();
	const cron = new Cron(expression, {timezone, paused: true, mode: '5-or-6-parts'});
	const next = (after: number): number | null => {
		let from = after;
		for (let tries = 0; tries < 1000; tries++) {
			const found = cron.nextRun(new Date(from))?.getTime() ?? null;
			if (found === null) {
				return null;
			}

			const first = firstOccurrence(found, timezone);
			if (first !== found && first > after) {
				return first; // Croner chose the repeat of a time whose first occurrence is still ahead.
			}

			if (first === found && cron.match(new Date(found))) {
				return found;
			}

			from = found; // Moved out of a gap (its wall time does not match), or the repeat of a time already run.
		}

		return null;
	};

	return {next};
}

// The first instant with the same wall time as `ms`: `ms` itself, unless it lies in the repeated hour of a fall back.
function firstOccurrence(ms: number, timezone: string): number {
	const shift = zoneOffset(ms - (6 * 3_600_000), timezone) - zoneOffset(ms, timezone);
	return shift > 0 && wallTime(ms - shift, timezone) === wallTime(ms, timezone) ? ms - shift : ms;
}
