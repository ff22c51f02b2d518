import {upcomingFirings} from '../config/firings.js';
import type {ResolvedConfig} from '../config/types.js';
import {wallTime, zoneOffset} from '../config/zone-time.js';

// How many firings `sidecar check` shows of each schedule: a preview, as `systemd-analyze calendar --iterations`.
export const PREVIEW_FIRINGS = 5;

// `sidecar check`'s note per schedule: its next firings from `now`, in its own time zone with the offset of each (a DST
// day shows the change). A replicated sidecar once, by its group's name; an `every` counts from the unit's start.
export function scheduleLines(config: ResolvedConfig, now: number): string[] {
	const seen = new Set<string>();
	return [config.main, ...config.sidecars].filter(spec => spec.schedule !== null).flatMap(spec => {
		const name = spec.replica?.group ?? spec.name;
		if (seen.has(name)) {
			return [];
		}

		seen.add(name);
		const schedule = spec.schedule!;
		const at = spec.kind === 'main' ? 'main' : `sidecars.${name}`;
		const rule = schedule.cron === null ? `every ${schedule.every! / 1000}s from the unit's start` : `cron "${schedule.cron}" in ${schedule.timezone}`;
		const times = upcomingFirings(schedule, now, PREVIEW_FIRINGS).map(ms => `  ${wallTime(ms, schedule.timezone)} ${formatOffset(zoneOffset(ms, schedule.timezone))}`);
		return [[`${at} runs on schedule (${rule}); the next ${times.length} firings if started now:`, ...times].join('\n')];
	});
}

const formatOffset = (ms: number): string => {
	const minutes = Math.abs(ms) / 60_000;
	return `${ms < 0 ? '-' : '+'}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
};
