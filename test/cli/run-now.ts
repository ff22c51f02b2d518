import test from 'ava';
import {fixture} from '../helpers/fixtures.js';
import {survivors} from '../helpers/processes.js';
import {startUnit, uniqueName} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';

// `sidecar run-now`, `pause` and `resume` on a real unit (docs/schedules.md): a scheduled task waits as `scheduled`,
// runs when asked, and its schedule is paused and resumed through the control socket.

test('run-now runs a scheduled task once; pause and resume switch its firings; a process with no schedule is refused', async t => {
	const unit = await startUnit(t, {
		name: uniqueName('run-now'),
		main: {command: fixture('forever.js')},
		sidecars: {job: {run: 'once', command: fixture('exit.js', '0', '200'), schedule: {every: '1h'}}},
	});
	const job = async () => (await unit.status()).processes.find(({name}) => name === 'job')!;
	t.like(await job(), {state: 'scheduled', pid: null, schedule: {lastRun: null, lastResult: null, paused: false}});
	t.truthy((await job()).schedule?.nextRun);

	const ran = await unit.cli(['run-now', 'job']);
	t.is(ran.exitCode, 0);
	t.is(ran.stdout.trim(), 'started job');
	await waitFor(async () => (await job()).schedule?.lastResult === 'succeeded', 10_000);
	t.like(await job(), {state: 'scheduled', lastExit: {code: 0}});

	const paused = await unit.cli(['pause', 'job']);
	t.is(paused.stdout.trim(), 'paused job');
	t.true((await job()).schedule?.paused);
	t.is((await unit.cli(['pause', 'job'])).stdout.trim(), 'job was paused already');
	const resumed = await unit.cli(['resume', 'job']);
	t.is(resumed.stdout.trim(), 'resumed job');
	t.false((await job()).schedule?.paused);

	const refused = await unit.cli(['run-now', 'main']);
	t.is(refused.exitCode, 64);
	t.regex(refused.stderr, /unable to run main: it has no schedule/);
});

test('overlap allow: two runs of one task at once, told apart by their tags; the unit\'s stop leaves neither tree behind', async t => {
	const unit = await startUnit(t, {
		main: {command: fixture('forever.js')},
		sidecars: {job: {run: 'once', command: fixture('fork-tree.js'), stopTimeout: '1s', schedule: {every: '1h', overlap: 'allow'}}},
	}, {json: true});
	t.is((await unit.cli(['run-now', 'job'])).stdout.trim(), 'started job');
	await waitFor(() => unit.lines('job').find(line => line.startsWith('tree ')), 10_000, 'the first run\'s tree');
	t.is((await unit.cli(['run-now', 'job'])).stdout.trim(), 'started job', 'a second run beside the first');
	const second = await waitFor(() => unit.lines('job#2').find(line => line.startsWith('tree ')), 10_000, 'the second run\'s tree');
	const first = unit.lines('job').find(line => line.startsWith('tree '))!;
	const pids = [first, second].flatMap(line => line.split(' ').slice(1).map(Number));
	t.is(new Set(pids).size, 4);
	t.deepEqual(survivors(pids), pids, 'both runs and their children run at once');
	t.is((await unit.status()).processes.find(({name}) => name === 'job')!.pid, pids[0]);

	await unit.stop();
	const {exitCode} = await unit.supervisor;
	t.is(exitCode, 143);
	t.deepEqual(survivors(pids), [], 'no orphan: each run\'s whole tree is gone with the unit');
	t.like(unit.events('job#2', 'exited')[0], {stopped: true});
});
