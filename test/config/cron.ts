import test from 'ava';
import {compileCron} from '../../lib/config/cron.js';
import {upcomingFirings} from '../../lib/config/firings.js';
import type {ResolvedSchedule} from '../../lib/config/types.js';
import {wallTime} from '../../lib/config/zone-time.js';

// The DST rule of docs/schedules.md (systemd's): a local time that does not exist is skipped, one that occurs twice
// runs once, at its first occurrence. Pinned on the 2026 transition days of Europe/Berlin and America/New_York.
const firings = (cron: string, timezone: string, from: string, count: number): string[] => {
	const schedule: ResolvedSchedule = {cron, every: null, timezone, jitter: 0, overlap: 'skip', catchUp: null, runOnStart: false, failureThreshold: 3};
	return upcomingFirings(schedule, Date.parse(from), count).map(ms => `${new Date(ms).toISOString().slice(0, 16)} ${wallTime(ms, timezone).slice(0, 16)}`);
};

test('Berlin, 29 March 2026: 02:30 does not exist, so that day has no 02:30 run', t => {
	t.deepEqual(firings('30 2 * * *', 'Europe/Berlin', '2026-03-27T12:00:00Z', 3), [
		'2026-03-28T01:30 2026-03-28 02:30',
		'2026-03-30T00:30 2026-03-30 02:30',
		'2026-03-31T00:30 2026-03-31 02:30',
	]);
});

test('Berlin, 29 March 2026: an hourly job skips the missing hour and runs at 03:00', t => {
	t.deepEqual(firings('0 * * * *', 'Europe/Berlin', '2026-03-28T23:30:00Z', 3), [
		'2026-03-29T00:00 2026-03-29 01:00',
		'2026-03-29T01:00 2026-03-29 03:00',
		'2026-03-29T02:00 2026-03-29 04:00',
	]);
});

test('Berlin, 25 October 2026: 02:30 occurs twice and runs once, at the first', t => {
	t.deepEqual(firings('30 2 * * *', 'Europe/Berlin', '2026-10-24T12:00:00Z', 2), [
		'2026-10-25T00:30 2026-10-25 02:30',
		'2026-10-26T01:30 2026-10-26 02:30',
	]);
});

test('Berlin, 25 October 2026: an hourly or half-hourly job runs the repeated hour once', t => {
	t.deepEqual(firings('0 * * * *', 'Europe/Berlin', '2026-10-24T22:30:00Z', 4), [
		'2026-10-24T23:00 2026-10-25 01:00',
		'2026-10-25T00:00 2026-10-25 02:00',
		'2026-10-25T02:00 2026-10-25 03:00',
		'2026-10-25T03:00 2026-10-25 04:00',
	]);
	t.deepEqual(firings('*/30 2 * * *', 'Europe/Berlin', '2026-10-24T23:00:00Z', 3), [
		'2026-10-25T00:00 2026-10-25 02:00',
		'2026-10-25T00:30 2026-10-25 02:30',
		'2026-10-26T01:00 2026-10-26 02:00',
	]);
});

test('New York, 8 March 2026: 02:30 does not exist and is skipped', t => {
	t.deepEqual(firings('30 2 * * *', 'America/New_York', '2026-03-06T12:00:00Z', 3), [
		'2026-03-07T07:30 2026-03-07 02:30',
		'2026-03-09T06:30 2026-03-09 02:30',
		'2026-03-10T06:30 2026-03-10 02:30',
	]);
});

test('New York, 1 November 2026: 01:30 occurs twice and runs once, at the first (EDT)', t => {
	t.deepEqual(firings('30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', 2), [
		'2026-11-01T05:30 2026-11-01 01:30',
		'2026-11-02T06:30 2026-11-02 01:30',
	]);
	t.deepEqual(firings('*/20 1 * * *', 'America/New_York', '2026-11-01T04:30:00Z', 4), [
		'2026-11-01T05:00 2026-11-01 01:00',
		'2026-11-01T05:20 2026-11-01 01:20',
		'2026-11-01T05:40 2026-11-01 01:40',
		'2026-11-02T06:00 2026-11-02 01:00',
	]);
});

test('day-of-month and day-of-week combine as in Vixie cron: either matches', t => {
	t.deepEqual(firings('0 0 13 * 5', 'UTC', '2026-01-01T00:00:00Z', 3), [
		'2026-01-02T00:00 2026-01-02 00:00',
		'2026-01-09T00:00 2026-01-09 00:00',
		'2026-01-13T00:00 2026-01-13 00:00',
	]);
});

test('six fields count seconds, and names such as @hourly are read', t => {
	const every10s = compileCron('*/10 * * * * *', 'UTC');
	t.is(every10s.next(Date.parse('2026-01-01T00:00:00Z')), Date.parse('2026-01-01T00:00:10Z'));
	t.is(compileCron('@hourly', 'UTC').next(Date.parse('2026-01-01T00:00:00Z')), Date.parse('2026-01-01T01:00:00Z'));
});

test('every counts from its origin', t => {
	const schedule: ResolvedSchedule = {cron: null, every: 60_000, timezone: 'UTC', jitter: 0, overlap: 'skip', catchUp: null, runOnStart: false, failureThreshold: 3};
	t.deepEqual(upcomingFirings(schedule, 1000, 3), [61_000, 121_000, 181_000]);
});
