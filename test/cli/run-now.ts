import test from 'ava';
import {fixture} from '../helpers/fixtures.js';
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
