import test from 'ava';
import {resolveConfig} from '../../lib/config/resolve.js';
import {configProblems} from '../helpers/config-problems.js';

const task = (schedule: unknown, more: Record<string, unknown> = {}) => ({
	main: {command: 'node app.js'},
	sidecars: {renew: {run: 'once', command: 'node renew.js', schedule, ...more}},
});

const problems = (input: unknown): string[] => configProblems(input);

test('a cron schedule resolves with its defaults', t => {
	const config = resolveConfig(task({cron: '0 3 * * *', timezone: 'UTC'}), '/srv/shop');
	t.deepEqual(config.sidecars[0]!.schedule, {
		cron: '0 3 * * *', every: null, timezone: 'UTC', jitter: 0, overlap: 'skip', catchUp: null, runOnStart: false, failureThreshold: 3,
	});
	t.is(config.main.schedule, null);
});

test('every key of a schedule is read, durations in milliseconds', t => {
	const config = resolveConfig(task({every: '15m', jitter: '10s', overlap: 'queue', catchUp: '6h', runOnStart: 'gate', failureThreshold: 5}), '/srv/shop');
	t.like(config.sidecars[0]!.schedule, {cron: null, every: 900_000, jitter: 10_000, overlap: 'queue', catchUp: 21_600_000, runOnStart: 'gate', failureThreshold: 5});
});

test('main and a long-running sidecar may have a schedule (a restart at each firing)', t => {
	const config = resolveConfig({main: {command: 'node app.js', schedule: {cron: '@daily', timezone: 'Europe/Berlin'}}}, '/srv/shop');
	t.is(config.main.schedule?.cron, '@daily');
});

test('without a timezone a schedule reads the host\'s', t => {
	const config = resolveConfig(task({cron: '0 3 * * *'}), '/srv/shop');
	t.is(config.sidecars[0]!.schedule?.timezone, new Intl.DateTimeFormat().resolvedOptions().timeZone);
});

const refused = test.macro((t, input: unknown, expected: string[]) => {
	t.deepEqual(problems(input), expected);
});

test('a cron expression croner refuses names the field, the value and croner\'s reason', refused, task({cron: '61 * * * *', timezone: 'UTC'}), [
	'sidecars.renew.schedule.cron: got "61 * * * *", expected a cron expression (Invalid value for minute: 61): 5 fields (minute hour day month weekday), 6 (seconds first), or @yearly, @monthly, @weekly, @daily, @hourly',
]);
test('7 fields are refused', refused, task({cron: '0 0 0 * * * 2026', timezone: 'UTC'}), [
	'sidecars.renew.schedule.cron: got "0 0 0 * * * 2026", expected a cron expression (mode \'5-or-6-parts\' requires exactly 5 or 6 parts, but pattern \'0 0 0 * * * 2026\' has 7 parts.): 5 fields (minute hour day month weekday), 6 (seconds first), or @yearly, @monthly, @weekly, @daily, @hourly',
]);
test('an unknown time zone is refused', refused, task({cron: '0 3 * * *', timezone: 'Mars/Base'}), [
	'sidecars.renew.schedule.timezone: got "Mars/Base", expected an IANA time zone such as "UTC", "Europe/Berlin" or "America/New_York"',
]);
test('neither cron nor every is refused', refused, task({timezone: 'UTC'}), [
	'sidecars.renew.schedule: got {"timezone":"UTC"}, expected exactly one of cron (like "0 3 * * *") and every (like "15m")',
]);
test('both cron and every are refused', refused, task({cron: '@daily', every: '1h', timezone: 'UTC'}), [
	'sidecars.renew.schedule: got {"cron":"@daily","every":"1h","timezone":"UTC"}, expected exactly one of cron (like "0 3 * * *") and every (like "15m")',
]);
test('a period under a second is refused', refused, task({every: '10ms'}), ['sidecars.renew.schedule.every: got "10ms", expected a period of at least 1s']);
test('overlap \'allow\' is read on a task', t => {
	t.is(resolveConfig(task({every: '1m', overlap: 'allow'}), '/srv/shop').sidecars[0]!.schedule?.overlap, 'allow');
});
test('overlap \'allow\' on a long-running process is refused with the reason', refused, task({every: '1m', overlap: 'allow'}, {run: 'always'}), [
	'sidecars.renew.schedule.overlap: got "allow", expected \'skip\', \'queue\' or \'replace\' (\'allow\', concurrent runs, is for tasks: run: \'once\'; a long-running process restarts at each firing)',
]);
test('an unknown overlap is refused', refused, task({every: '1m', overlap: 'later'}), ['sidecars.renew.schedule.overlap: got "later", expected one of \'skip\', \'queue\', \'replace\', \'allow\'']);
test('a bad runOnStart is refused', refused, task({every: '1m', runOnStart: 'yes'}), [
	'sidecars.renew.schedule.runOnStart: got "yes", expected false (never off schedule), true (also once at start) or \'gate\' (once before main starts)',
]);
test('runOnStart on a long-running sidecar is refused', refused, {main: {command: 'x'}, sidecars: {warm: {command: 'x', schedule: {every: '1m', runOnStart: true}}}}, [
	'sidecars.warm.schedule.runOnStart: got true, expected no runOnStart: it is for tasks (run: \'once\'); a long-running process starts with the unit and restarts at each firing',
]);
test('runOnStart \'gate\' on a task that starts after main is refused', refused, task({every: '1m', runOnStart: 'gate'}, {start: 'after'}), [
	'sidecars.renew.schedule.runOnStart: got "gate", expected true or false with start: \'after\' (\'gate\' runs the task before main starts)',
]);
test('a schedule on a shutdown task is refused', refused, task({every: '1m'}, {start: 'shutdown'}), [
	'sidecars.renew.schedule: got {"every":"1m"}, expected no schedule on a shutdown task (start: \'shutdown\' runs once, at the unit\'s stop)',
]);
test('an unknown key and a bad threshold are refused together', refused, task({every: '1m', when: 'now', failureThreshold: 0}), [
	'sidecars.renew.schedule.when: got "now", expected no such key (allowed: cron, every, timezone, jitter, overlap, catchUp, runOnStart, failureThreshold)',
	'sidecars.renew.schedule.failureThreshold: got 0, expected an integer >= 1',
]);
test('a schedule on an external gate is refused', refused, {main: {command: 'x'}, sidecars: {db: {readiness: {tcp: 5432}, schedule: {every: '1m'}}}}, [
	'sidecars.db.schedule: got {"every":"1m"}, expected no such key for an external gate (no command): only readiness, start, dependsOn',
]);
