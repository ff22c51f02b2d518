import {compileCron} from './cron.js';
import type {ResolvedSchedule} from './types.js';

// A schedule's firing times (ms): `next(after)` is the first strictly after `after`, null when there is none.
export type Firings = {next: (after: number) => number | null};

// `every` counts from `origin` (the unit's start, or the last firing when catching up); `cron` reads its zone's wall
// time under the DST rule of config/cron.ts.
export function scheduleFirings(schedule: ResolvedSchedule, origin: number): Firings {
	const {every, cron, timezone} = schedule;
	if (every !== null) {
		return {next: after => origin + ((Math.floor((after - origin) / every) + 1) * every)};
	}

	return compileCron(cron!, timezone);
}

// The firings a catch-up considers (docs/schedules.md, Catch-up): the first one after the last firing kept in the state
// file, or after `now - window` if that is later, when it is not in the future: one missed firing, run once.
export function missedFiring(schedule: ResolvedSchedule, lastFiring: number, now: number, window: number): number | null {
	const missed = scheduleFirings(schedule, lastFiring).next(Math.max(lastFiring, now - window - 1));
	return missed !== null && missed <= now ? missed : null;
}

// The next `count` firings after `now`, for `sidecar check`.
export function upcomingFirings(schedule: ResolvedSchedule, now: number, count: number): number[] {
	const firings = scheduleFirings(schedule, now);
	const times: number[] = [];
	for (let after = now; times.length < count;) {
		const next = firings.next(after);
		if (next === null) {
			break;
		}

		times.push(next);
		after = next;
	}

	return times;
}
