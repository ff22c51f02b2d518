import test from 'ava';
import {fixture} from '../helpers/fixtures.js';
import {isAlive} from '../helpers/processes.js';
import {startUnit, uniqueName, waitAllReady} from '../helpers/unit.js';

// `sidecar start NAME` (docs/control.md, Stopping and starting one process): a sidecar that is down starts again,
// and the command returns once it is ready.

test('start NAME brings a stopped sidecar back with a new pid, once its readiness probe passes', async t => {
	const unit = await startUnit(t, {
		name: uniqueName('start'),
		main: {command: fixture('forever.js')},
		sidecars: {a: {command: fixture('forever.js'), readiness: {log: 'pid \\d+'}}, b: {command: fixture('forever.js')}},
	});
	await waitAllReady(unit);
	const before = await unit.pids();
	t.is((await unit.cli(['stop', 'a'])).exitCode, 0);
	const {exitCode, stdout} = await unit.cli(['start', 'a']);
	t.is(exitCode, 0);
	const after = await unit.pids();
	t.is(stdout.trim(), `started a (pid ${after.a})`);
	t.not(after.a, null);
	t.not(after.a, before.a);
	t.true(isAlive(after.a!));
	t.like((await unit.status()).processes.find(({name}) => name === 'a'), {state: 'ready', ready: true});
	t.deepEqual([after.main, after.b], [before.main, before.b], 'nothing else is touched');
});

test('start NAME of a running sidecar is refused with 69; of main, with 64', async t => {
	const unit = await startUnit(t, {name: uniqueName('start-refused'), main: {command: fixture('forever.js')}, sidecars: {a: {command: fixture('forever.js')}}});
	await waitAllReady(unit);
	const running = await unit.cli(['start', 'a']);
	t.is(running.exitCode, 69);
	t.regex(running.stderr, /unable to start a: it is (running|ready) \(only a process that is down can be started\)/);
	const main = await unit.cli(['start', 'main']);
	t.is(main.exitCode, 64);
	t.regex(main.stderr, /unable to start main: it runs for as long as the unit does/);
});

test('an enabled: false sidecar is declared and shown stopped, and start NAME starts it', async t => {
	const unit = await startUnit(t, {
		name: uniqueName('start-disabled'),
		main: {command: fixture('forever.js')},
		sidecars: {tools: {command: fixture('forever.js'), enabled: false}},
	});
	await waitAllReady(unit, ['main']);
	t.like((await unit.status()).processes.find(({name}) => name === 'tools'), {state: 'stopped', pid: null, lastExit: null});
	const {exitCode, stdout} = await unit.cli(['start', 'tools']);
	t.is(exitCode, 0);
	const {tools} = await unit.pids();
	t.is(stdout.trim(), `started tools (pid ${tools})`);
	t.true(isAlive(tools!));
});

test('start NAME of a sidecar whose executable is missing fails with 69 and the reason; the unit runs on', async t => {
	const unit = await startUnit(t, {
		name: uniqueName('start-missing'),
		main: {command: fixture('forever.js')},
		sidecars: {ghost: {command: ['/nonexistent/ghost'], enabled: false, restart: 'never'}},
	});
	const {main} = await unit.pids();
	const {exitCode, stderr} = await unit.cli(['start', 'ghost']);
	t.is(exitCode, 69);
	t.regex(stderr, /unable to start ghost: it exited \(unable to start ghost: \/nonexistent\/ghost: no such file\)/);
	t.like((await unit.status()).processes.find(({name}) => name === 'ghost'), {state: 'exited', pid: null, lastExit: {code: 127}});
	t.is((await unit.pids()).main, main);
});
