import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import type {SidecarConfig, ScheduleSpec} from '../../lib/config/types.js';
import {EXIT} from '../../lib/errors.js';
import {UnitEvents} from '../../lib/events/unit-events.js';
import {fileScheduleStore, type StoreFiles} from '../../lib/supervisor/schedule-store.js';
import {MAX_SLEEP} from '../../lib/supervisor/schedule-trigger.js';
import {settle, type FakeChild} from '../helpers/fake-world.js';
import {command, config, inProcessUnit} from './_in-process.js';

// Schedules on the fake clock (docs/schedules.md): every firing at its exact time in test-time milliseconds.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const withTask = (schedule: ScheduleSpec, more: Record<string, unknown> = {}): Omit<SidecarConfig, 'name'> =>
	({sidecars: {job: {run: 'once', command: command('job'), schedule, ...more}}});

// A unit with one scheduled task; `fired` lists each firing and skip as `TIME EVENT REASON`.
async function scheduledUnit(schedule: ScheduleSpec, more: Record<string, unknown> = {}, options: Parameters<typeof inProcessUnit>[3] = {}) {
	const events = new UnitEvents();
	const fired: string[] = [];
	const origin = options.now ?? 0;
	let now = () => origin;
	events.onEvery(event => {
		if (event.event.startsWith('schedule-') && event.event !== 'schedule-ended') {
			fired.push(`${now() - origin} ${event.event} ${'reason' in event ? event.reason : ''}`.trim());
		}
	});
	const unit = await inProcessUnit(withTask(schedule, more), undefined, [], {...options, events});
	now = () => unit.clock.now;
	const job = () => unit.supervisor.process('job')!;
	const status = () => unit.supervisor.snapshot().processes.find(({name}) => name === 'job')!.schedule!;
	return {...unit, fired, job, status, runs: () => unit.spawned('job')};
}

test('runOnStart false: nothing runs at start; the task is scheduled, runs at each firing and is scheduled again', async t => {
	const unit = await scheduledUnit({every: '1m'});
	t.is(unit.runs(), 0);
	t.is(unit.job().state, 'scheduled');
	t.deepEqual(unit.status(), {nextRun: new Date(MINUTE).toISOString(), lastRun: null, lastResult: null, paused: false, failures: 0, failing: false, lastSuccess: null, runs: {}});
	await unit.clock.advance(MINUTE - 1);
	t.is(unit.runs(), 0);
	await unit.clock.advance(1);
	t.is(unit.runs(), 1);
	t.is(unit.job().state, 'running');
	await unit.child('job').exit({code: 0, signal: null});
	t.is(unit.job().state, 'scheduled');
	t.like(unit.status(), {lastRun: new Date(MINUTE).toISOString(), lastResult: 'succeeded', nextRun: new Date(2 * MINUTE).toISOString()});
	await unit.stop();
	t.is(unit.outcome.code, 143, 'main\'s exit (its fake child dies of the SIGTERM)');
});

test('overlap skip: a firing while the last run still runs is skipped with an event', async t => {
	const unit = await scheduledUnit({every: '1m', overlap: 'skip'});
	await unit.clock.advance(2 * MINUTE);
	t.is(unit.runs(), 1);
	await unit.clock.advance(30_000);
	await unit.child('job').exit({code: 0, signal: null});
	await unit.clock.advance(30_000);
	t.is(unit.runs(), 2);
	t.deepEqual(unit.fired, ['60000 schedule-fired schedule', '120000 schedule-skipped the last run still runs (overlap \'skip\')', '180000 schedule-fired schedule']);
	await unit.stop();
});

test('overlap queue: one firing waits for the run in progress and runs as soon as it ends; more are skipped', async t => {
	const unit = await scheduledUnit({every: '1m', overlap: 'queue'});
	await unit.clock.advance(3 * MINUTE + 30_000);
	t.is(unit.runs(), 1);
	await unit.child('job').exit({code: 0, signal: null});
	t.is(unit.runs(), 2, 'the queued firing ran at once');
	t.deepEqual(unit.fired, ['60000 schedule-fired schedule', '180000 schedule-skipped one run is queued already', '210000 schedule-fired queued']);
	await unit.stop();
});

test('overlap replace: the run in progress is stopped through its stop path and a new one starts', async t => {
	const unit = await scheduledUnit({every: '1m', overlap: 'replace'});
	await unit.clock.advance(2 * MINUTE);
	t.is(unit.runs(), 2);
	t.deepEqual(unit.signalled(), ['120000 job SIGTERM']);
	t.is(unit.job().state, 'running');
	await unit.child('job').exit({code: 0, signal: null});
	t.is(unit.status().lastResult, 'succeeded', 'the replaced run counts as neither success nor failure');
	t.is(unit.status().failures, 0);
	await unit.stop();
});

// The children of the task alive now (the run in progress and its extra runs under overlap 'allow').
const alive = (unit: {children: readonly FakeChild[]}) =>
	unit.children.filter(child => child.command.at(-1) === 'job' && !child.exited);

test('overlap allow: a firing while the run is in progress starts a concurrent run, tagged, counted in the results', async t => {
	const unit = await scheduledUnit({every: '1m', overlap: 'allow'}, {restart: 'never'});
	const lines: string[] = [];
	unit.events.lines.every().subscribe(({name, block}) => lines.push(`${name} ${block.toString().trim()}`));
	await unit.clock.advance(2 * MINUTE);
	const [first, second] = alive(unit);
	t.is(alive(unit).length, 2, 'two runs at once');
	t.deepEqual(unit.fired, ['60000 schedule-fired schedule', '120000 schedule-fired schedule']);
	t.true(unit.log.includes('120000 job#2 starting'), 'the extra run\'s events carry its tag');
	second!.stdout.write('from the second run\n');
	await settle();
	t.deepEqual(lines, ['job#2 from the second run']);
	await second!.exit({code: 1, signal: null});
	t.like(unit.status(), {lastResult: 'failed', failures: 1, runs: {failed: 1}});
	t.is(unit.job().state, 'running', 'the run in progress goes on');
	await first!.exit({code: 0, signal: null});
	t.like(unit.status(), {lastResult: 'succeeded', failures: 0, runs: {failed: 1, succeeded: 1}, lastSuccess: new Date(2 * MINUTE).toISOString()});
	t.is(unit.job().state, 'scheduled');
	await unit.stop();
});

test('overlap allow: at most 4 runs at once; a firing past the cap is skipped with an event', async t => {
	const unit = await scheduledUnit({every: '1m', overlap: 'allow'});
	await unit.clock.advance(5 * MINUTE);
	t.is(alive(unit).length, 4);
	t.is(unit.fired.at(-1), '300000 schedule-skipped 4 runs at once already (the cap of overlap \'allow\')');
	await alive(unit)[1]!.exit({code: 0, signal: null});
	await unit.clock.advance(MINUTE);
	t.is(alive(unit).length, 4, 'a run ended: the next firing runs');
	await unit.stop();
});

test('overlap allow: the unit\'s stop stops every run through the stop path; none outlives it', async t => {
	const unit = await scheduledUnit({every: '1m', overlap: 'allow'});
	await unit.clock.advance(3 * MINUTE);
	const runs = alive(unit);
	t.is(runs.length, 3);
	await unit.stop();
	t.deepEqual(alive(unit), []);
	t.deepEqual(unit.signalled().filter(line => line.includes('job')), ['180000 job SIGTERM', '180000 job SIGTERM', '180000 job SIGTERM']);
	t.deepEqual(unit.kills.filter(({pid}) => runs.slice(1).some(run => -run.pid === pid)).map(({signal}) => signal).filter(signal => signal !== 'SIGCONT'), ['SIGTERM', 'SIGTERM'], 'each extra run\'s group');
	t.like(unit.status(), {lastResult: 'interrupted', failures: 0});
	t.is(unit.clock.pending, 0, 'no timer outlives the unit');
});

test('overlap allow: an extra run whose executable is missing fails the firing with the reason', async t => {
	const directory = await mkdtemp(path.join(tmpdir(), 'sidecar-allow-'));
	t.teardown(async () => rm(directory, {recursive: true, force: true}));
	const file = path.join(directory, 'job.sh');
	await writeFile(file, '#!/bin/sh\n', {mode: 0o755});
	const unit = await scheduledUnit({every: '1m', overlap: 'allow'}, {restart: 'never', command: [file, 'job']});
	const exits: unknown[] = [];
	unit.events.on('exited', event => exits.push(event));
	await unit.clock.advance(MINUTE);
	await rm(file);
	await unit.clock.advance(MINUTE);
	t.is(alive(unit).length, 1, 'only the first run runs');
	t.like(exits[0], {name: 'job#2', code: 127});
	t.regex((exits[0] as {error: string}).error, /unable to start job: .*job\.sh/);
	t.like(unit.status(), {lastResult: 'failed', failures: 1});
	await unit.stop();
});

test('overlap allow is for tasks: a long-running process with it is refused', t => {
	const error = t.throws(() => config({sidecars: {warm: {command: command('warm'), schedule: {every: '1h', overlap: 'allow'}}}}));
	t.regex(error.message, /sidecars\.warm\.schedule\.overlap: got "allow", expected .*is for tasks/);
});

test('runOnStart true runs once as the unit starts, then on schedule', async t => {
	const unit = await scheduledUnit({every: '1h', runOnStart: true});
	t.is(unit.runs(), 1);
	t.deepEqual(unit.fired, ['0 schedule-fired start']);
	await unit.stop();
});

test('runOnStart gate: main waits for the task\'s run, then the task is scheduled', async t => {
	const unit = await scheduledUnit({every: '1h', runOnStart: 'gate'});
	t.is(unit.runs(), 1);
	t.is(unit.spawned('main'), 0);
	await unit.clock.advance(5000);
	await unit.child('job').exit({code: 0, signal: null});
	t.is(unit.spawned('main'), 1);
	t.is(unit.job().state, 'scheduled');
	t.like(unit.status(), {lastRun: new Date(0).toISOString(), lastResult: 'succeeded'});
	await unit.stop();
});

test('a clock jump forward past several firings fires once, not once per missed firing', async t => {
	const start = Date.parse('2026-05-01T00:00:00Z');
	const unit = await scheduledUnit({cron: '0 * * * *', timezone: 'UTC'}, {}, {now: start});
	unit.clock.now += 3 * HOUR + (10 * MINUTE); // An NTP step or a host resumed from suspend: Date.now moves at once.
	await unit.clock.advance(MAX_SLEEP);
	t.is(unit.runs(), 1);
	await unit.child('job').exit({code: 0, signal: null});
	await unit.clock.advance(30 * MINUTE);
	t.is(unit.runs(), 1, 'the next firing is the next hour after the jump');
	await unit.clock.advance(20 * MINUTE);
	t.is(unit.runs(), 2);
	t.deepEqual(unit.fired.map(line => line.split(' ').slice(1).join(' ')), ['schedule-fired schedule', 'schedule-fired schedule']);
	await unit.stop();
});

test('Berlin, 29 March 2026: 02:30 does not exist, so the unit runs nothing that night', async t => {
	const unit = await scheduledUnit({cron: '30 2 * * *', timezone: 'Europe/Berlin'}, {}, {now: Date.parse('2026-03-28T12:00:00Z')});
	await unit.clock.advance(Date.parse('2026-03-30T00:00:00Z') - Date.parse('2026-03-28T12:00:00Z'));
	t.is(unit.runs(), 0);
	await unit.clock.advance(31 * MINUTE);
	t.is(unit.runs(), 1);
	t.is(unit.status().lastRun, '2026-03-30T00:30:00.000Z');
	await unit.stop();
});

test('New York, 1 November 2026: 01:30 comes twice and runs once', async t => {
	const unit = await scheduledUnit({cron: '30 1 * * *', timezone: 'America/New_York'}, {}, {now: Date.parse('2026-11-01T04:00:00Z')});
	await unit.clock.advance(2 * HOUR);
	t.is(unit.runs(), 1);
	t.is(unit.status().lastRun, '2026-11-01T05:30:00.000Z');
	await unit.child('job').exit({code: 0, signal: null});
	await unit.clock.advance(3 * HOUR);
	t.is(unit.runs(), 1, 'not again at 06:30Z, the second 01:30');
	await unit.stop();
});

test('SIGTERM while the task runs stops it and the unit; the run counts as interrupted, not failed', async t => {
	const unit = await scheduledUnit({every: '1m'});
	await unit.clock.advance(MINUTE + 500);
	await unit.stop();
	t.deepEqual(unit.signalled(), ['60500 main SIGTERM', '60500 job SIGTERM']);
	t.like(unit.status(), {lastResult: 'interrupted', failures: 0});
	t.is(unit.clock.pending, 0, 'no timer outlives the unit');
});

test('SIGTERM while the schedule sleeps ends the unit at once', async t => {
	const unit = await scheduledUnit({every: '1h'});
	await unit.clock.advance(10 * MINUTE);
	await unit.stop();
	t.is(unit.outcome.at, 10 * MINUTE);
	t.is(unit.runs(), 0);
	t.is(unit.clock.pending, 0);
});

test('failureThreshold failed firings in a row: schedule-failing once, and a critical task ends the unit with 70', async t => {
	const unit = await scheduledUnit({every: '1m', failureThreshold: 2}, {restart: 'never', critical: true});
	await unit.clock.advance(MINUTE);
	await unit.child('job').exit({code: 1, signal: null});
	t.is(unit.job().state, 'scheduled', 'a failed run waits for the next firing; critical alone does not end the unit');
	t.like(unit.status(), {lastResult: 'failed', failures: 1, failing: false});
	await unit.clock.advance(MINUTE);
	await unit.child('job').exit({code: 1, signal: null});
	await unit.finished;
	t.is(unit.outcome.code, EXIT.software);
	t.true(unit.fired.includes('120000 schedule-failing'));
});

test('a success resets the count of failed firings', async t => {
	const unit = await scheduledUnit({every: '1m', failureThreshold: 2}, {restart: 'never'});
	await unit.clock.advance(MINUTE);
	await unit.child('job').exit({code: 1, signal: null});
	await unit.clock.advance(MINUTE);
	await unit.child('job').exit({code: 0, signal: null});
	await unit.clock.advance(MINUTE);
	await unit.child('job').exit({code: 1, signal: null});
	t.like(unit.status(), {failures: 1, failing: false});
	t.false(unit.fired.some(line => line.includes('failing')));
	await unit.stop();
});

test('a failed run is retried within its firing by the restart policy', async t => {
	const unit = await scheduledUnit({every: '1h'}, {backoff: {initial: '1s'}});
	await unit.clock.advance(HOUR);
	await unit.child('job').exit({code: 1, signal: null});
	await unit.clock.advance(1000);
	t.is(unit.runs(), 2);
	await unit.child('job').exit({code: 0, signal: null});
	t.like(unit.status(), {lastResult: 'succeeded', failures: 0});
	await unit.stop();
});

test('a long-running sidecar with a schedule is restarted through its stop path at each firing', async t => {
	const unit = await inProcessUnit({sidecars: {warm: {command: command('warm'), schedule: {every: '1h'}}}});
	await unit.clock.advance(1000);
	t.is(unit.spawned('warm'), 1);
	await unit.clock.advance(HOUR - 1000);
	t.deepEqual(unit.signalled(), [`${HOUR} warm SIGTERM`]);
	t.is(unit.spawned('warm'), 2);
	await unit.clock.advance(1000);
	t.like(unit.supervisor.snapshot().processes.find(({name}) => name === 'warm')!.schedule, {lastResult: 'succeeded'});
	await unit.stop();
});

test('pause skips firings until resume; run-now runs at once, paused or not', async t => {
	const unit = await scheduledUnit({every: '1m'});
	t.deepEqual(await unit.supervisor.dispatch({type: 'pause', name: 'job'}), {changed: true});
	t.deepEqual(await unit.supervisor.dispatch({type: 'pause', name: 'job'}), {changed: false});
	await unit.clock.advance(MINUTE);
	t.is(unit.runs(), 0);
	t.true(unit.status().paused);
	t.deepEqual(await unit.supervisor.dispatch({type: 'run-now', name: 'job'}), {outcome: 'started'});
	await settle();
	t.is(unit.runs(), 1);
	t.like(await unit.supervisor.dispatch({type: 'run-now', name: 'job'}), {outcome: 'skipped', reason: 'the last run still runs (overlap \'skip\')'});
	await unit.child('job').exit({code: 0, signal: null});
	t.deepEqual(await unit.supervisor.dispatch({type: 'resume', name: 'job'}), {changed: true});
	await unit.clock.advance(MINUTE);
	t.is(unit.runs(), 2);
	t.deepEqual(unit.fired, ['0 schedule-paused', '60000 schedule-skipped paused (`sidecar resume` to fire again)', '60000 schedule-fired run-now', '60000 schedule-skipped the last run still runs (overlap \'skip\')', '60000 schedule-paused', '120000 schedule-fired schedule']);
	await unit.stop();
});

test('run-now, pause and resume refuse a process with no schedule, and any while the unit stops', async t => {
	const unit = await scheduledUnit({every: '1m'});
	await t.throwsAsync(unit.supervisor.dispatch({type: 'run-now', name: 'main'}), {message: 'unable to run main: it has no schedule (docs/schedules.md)'});
	await t.throwsAsync(unit.supervisor.dispatch({type: 'pause', name: 'nope'}), {message: /unable to pause nope: no such process/});
	await unit.stop();
	await t.throwsAsync(unit.supervisor.dispatch({type: 'resume', name: 'job'}), {message: 'unable to resume job: the unit is stopped'});
});

// Catch-up keeps the last firing in a state file: the store's own code on a file system in memory, whose reads and
// writes resolve in microtasks, so every step happens at a fake time the tests can name (real file I/O would race
// the fake clock). test/supervisor/schedule-store.ts runs the same store on the real file system.
const FILE = '/state/in-process.schedules.json';

function memoryStore(initial: string | null, {failWrites = false} = {}) {
	const files = new Map<string, string>(initial === null ? [] : [[FILE, initial]]);
	const failure = (code: string) => Object.assign(new Error(code), {code});
	const io = {
		async readFile(file: string) {
			const text = files.get(file);
			if (text === undefined) {
				throw failure('ENOENT');
			}

			return text;
		},
		async writeFile(file: string, content: string) {
			if (failWrites) {
				throw failure('EACCES');
			}

			files.set(file, content);
		},
		async mkdir() {
			return undefined;
		},
		async rename(from: string, to: string) {
			files.set(to, files.get(from)!);
			files.delete(from);
		},
	} as unknown as StoreFiles;
	const kept = () => (JSON.parse(files.get(FILE)!) as {firings: Record<string, string>}).firings;
	return {store: fileScheduleStore(FILE, 'in-process', io), kept};
}

const stateOf = (unit: string, firings: Record<string, string>) => JSON.stringify({format: 'sidecar-schedules', version: 1, unit, firings});

test('catch-up: a firing missed within the window runs once at start, and the firing is kept', async t => {
	const {store, kept} = memoryStore(stateOf('in-process', {job: '2026-05-01T03:00:00.000Z'}));
	// Down from before 2026-05-02T03:00 until 05:00: that day's 03:00 was missed 2 h ago, inside the 6 h window.
	const unit = await scheduledUnit({cron: '0 3 * * *', timezone: 'UTC', catchUp: '6h'}, {}, {now: Date.parse('2026-05-02T05:00:00Z'), scheduleStore: store});
	t.is(unit.runs(), 1);
	t.deepEqual(unit.fired, ['0 schedule-fired catch-up']);
	await unit.child('job').exit({code: 0, signal: null});
	t.is(kept().job, '2026-05-02T03:00:00.000Z');
	await unit.stop();
});

test('catch-up under export systemd --timers: the timer\'s firing (a run-now on a paused schedule) is kept, so a restart does not run it again', async t => {
	const {store, kept} = memoryStore(stateOf('in-process', {job: '2026-05-01T03:00:00.000Z'}));
	const schedule: ScheduleSpec = {cron: '0 3 * * *', timezone: 'UTC', catchUp: '6h'};
	const unit = await scheduledUnit(schedule, {}, {now: Date.parse('2026-05-02T02:00:00Z'), scheduleStore: store});
	await unit.supervisor.dispatch({type: 'pause', name: 'job'});
	await unit.clock.advance(HOUR);
	t.is(unit.runs(), 0, 'the supervisor\'s own clock is paused (ExecStartPost=)');
	t.like(await unit.supervisor.dispatch({type: 'run-now', name: 'job'}), {outcome: 'started'});
	await settle();
	await unit.child('job').exit({code: 0, signal: null});
	t.is(kept().job, '2026-05-02T03:00:00.000Z');
	await unit.stop();
	const restarted = await scheduledUnit(schedule, {}, {now: Date.parse('2026-05-02T05:00:00Z'), scheduleStore: store});
	t.is(restarted.runs(), 0, 'no second run of the 03:00 firing');
	await restarted.stop();
});

test('catch-up: a firing missed longer ago than the window does not run', async t => {
	const {store} = memoryStore(stateOf('in-process', {job: '2026-05-01T03:00:00.000Z'}));
	const unit = await scheduledUnit({cron: '0 3 * * *', timezone: 'UTC', catchUp: '1h'}, {}, {now: Date.parse('2026-05-02T05:00:00Z'), scheduleStore: store});
	t.is(unit.runs(), 0);
	t.deepEqual(unit.fired, []);
	await unit.stop();
});

test('catch-up: many missed firings run once, never more', async t => {
	const {store} = memoryStore(stateOf('in-process', {job: '2026-05-01T00:00:00.000Z'}));
	const unit = await scheduledUnit({every: '1m', catchUp: '24h'}, {}, {now: Date.parse('2026-05-01T12:00:00Z'), scheduleStore: store});
	t.is(unit.runs(), 1);
	await unit.stop();
});

const noCatchUp = test.macro(async (t, content: string | null, reason: string) => {
	const {store} = memoryStore(content);
	const unit = await scheduledUnit({every: '1m', catchUp: '24h'}, {}, {now: Date.parse('2026-05-01T12:00:00Z'), scheduleStore: store});
	t.is(unit.runs(), 0);
	t.deepEqual(unit.fired, [`0 schedule-state ${reason}`]);
	t.is(unit.supervisor.state, 'running');
	await unit.stop();
});

test('catch-up with no state file yet: one event, no catch-up, the unit starts', noCatchUp, null, 'no such file yet: nothing to catch up');
test('catch-up with a corrupt state file: one event, no catch-up', noCatchUp, '{"format": "sidecar-sch', 'corrupt (not JSON): nothing to catch up');
test('catch-up with another unit\'s state file: one event, no catch-up', noCatchUp, stateOf('other', {job: '2026-05-01T00:00:00.000Z'}), 'it belongs to unit "other": nothing to catch up');

test('an unwritable state file is one event; the schedule runs on', async t => {
	const {store} = memoryStore(null, {failWrites: true});
	const unit = await scheduledUnit({every: '1m', catchUp: '1h'}, {}, {scheduleStore: store});
	for (let firing = 1; firing <= 2; firing++) {
		await unit.clock.advance(MINUTE);
		await unit.child('job').exit({code: 0, signal: null});
	}

	t.is(unit.runs(), 2);
	t.deepEqual(unit.fired.filter(line => line.includes('schedule-state')), ['0 schedule-state no such file yet: nothing to catch up', `${MINUTE} schedule-state unable to write it: EACCES`], 'the missing file at start, then the failed write once');
	await unit.stop();
});

// A unit whose config `sidecar reload` re-reads from `next.input`, changed by the test between reloads.
async function reloadableUnit(input: Omit<SidecarConfig, 'name'>) {
	const next = {input};
	const fired: string[] = [];
	const events = new UnitEvents();
	const unit = await inProcessUnit(input, async () => config(next.input), [], {events});
	events.on('schedule-fired', ({name, reason}) => fired.push(`${unit.clock.now} ${name} ${reason}`));
	const schedule = (name: string) => unit.supervisor.snapshot().processes.find(entry => entry.name === name)?.schedule;
	const reload = async (input: Omit<SidecarConfig, 'name'>) => {
		next.input = input;
		const done = unit.supervisor.dispatch({type: 'reload'});
		await settle();
		return done;
	};

	return {...unit, fired, schedule, reload};
}

test('reload: an unchanged schedule keeps its next firing and its counts, even when its process changed', async t => {
	const unit = await reloadableUnit(withTask({every: '1m'}));
	await unit.clock.advance(MINUTE);
	await unit.child('job').exit({code: 0, signal: null});
	await unit.clock.advance(30_000);
	await unit.reload(withTask({every: '1m'}, {command: [process.execPath, '--changed', 'job']}));
	t.like(unit.schedule('job'), {nextRun: new Date(2 * MINUTE).toISOString(), runs: {succeeded: 1}, lastResult: 'succeeded'});
	await unit.clock.advance(30_000);
	t.deepEqual(unit.fired, ['60000 job schedule', '120000 job schedule']);
	t.true(unit.child('job').command.includes('--changed'), 'the firing runs the reloaded process');
	await unit.stop();
});

test('reload: a changed schedule stops the old trigger and starts the new one from the reload', async t => {
	const unit = await reloadableUnit(withTask({every: '1m'}));
	await unit.clock.advance(90_000);
	await unit.child('job').exit({code: 1, signal: null});
	await unit.reload(withTask({every: '10m'}));
	t.like(unit.schedule('job'), {nextRun: new Date(90_000 + (10 * MINUTE)).toISOString(), runs: {}, lastRun: null});
	await unit.clock.advance(10 * MINUTE);
	t.deepEqual(unit.fired, ['60000 job schedule', `${90_000 + (10 * MINUTE)} job schedule`], 'no firing of the old period at 2m');
	await unit.stop();
});

test('reload: a removed schedule fires no more; an added one fires, with no runOnStart at the reload', async t => {
	const unit = await reloadableUnit(withTask({every: '1m'}));
	await unit.clock.advance(30_000);
	const other = {run: 'once' as const, command: command('other'), schedule: {every: '1m', runOnStart: true} as ScheduleSpec};
	await unit.reload({sidecars: {other}});
	t.is(unit.schedule('job'), undefined);
	await t.throwsAsync(unit.supervisor.dispatch({type: 'run-now', name: 'job'}), {message: /unable to run job: no such process/});
	t.is(unit.spawned('other'), 0, 'runOnStart is for the unit\'s start');
	await unit.clock.advance(MINUTE);
	t.deepEqual(unit.fired, [`${90_000} other schedule`]);
	t.is(unit.spawned('job'), 0);
	await unit.stop();
});

test('reload: removing a schedule under overlap allow stops its extra runs', async t => {
	const unit = await reloadableUnit(withTask({every: '1m', overlap: 'allow'}));
	await unit.clock.advance(2 * MINUTE);
	t.is(alive(unit).length, 2);
	await unit.reload({sidecars: {}});
	await unit.clock.advance(1);
	t.deepEqual(alive(unit), [], 'the run in progress goes with its process; the extra one with its schedule');
	await unit.stop();
});
