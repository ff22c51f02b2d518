import {rmSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {startUnit, uniqueName, waitAllReady} from '../helpers/unit.js';
import {fixture} from '../helpers/fixtures.js';
import {isAlive} from '../helpers/processes.js';
import {waitFor} from '../helpers/wait-for.js';

// Exits 3 on SIGTERM: the code the supervisor must exit with.
const main = [process.execPath, '-e', 'process.on("SIGTERM", () => process.exit(3)); console.log("up"); setInterval(() => {}, 1e9)'];

test('stop shuts the unit down and the supervisor exits with main\'s code', async t => {
	const unit = await startUnit(t, {name: uniqueName('stop'), main: {command: main}, sidecars: {a: {command: fixture('forever.js')}}}, {json: true});
	// Main has a pid before Node has run its first line: the stop waits for `up`, printed once its SIGTERM handler is on
	// (a clean-clone run once stopped it earlier, and it died of SIGTERM, not with 3).
	await waitFor(() => unit.lines('main').includes('up') || undefined, 20_000, 'main to print up');
	const pids = Object.values(await unit.pids()).filter((pid): pid is number => pid !== null);
	const {exitCode, stdout} = await unit.cli(['stop']);
	t.is(exitCode, 0);
	t.regex(stdout, /stopped unit .+ \(exit code 3\)/);
	t.is((await unit.supervisor).exitCode, 3);
	t.deepEqual(pids.filter(pid => isAlive(pid)), []);
	const after = await unit.cli(['status']);
	t.is(after.exitCode, 1);
	t.regex(after.stderr, /no supervisor named .+ is running/);
});

// `sidecar stop NAME` (docs/control.md, Stopping and starting one process). `b` and `a` share a liveness check on the
// file `alive`; once it is gone, b's liveness failures restart b while a, stopped, stays down; `c` (never ready, so
// 'after' main) crashes every 300 ms.
test('stop NAME holds one sidecar stopped: liveness failures and a crash loop around it do not bring it back', async t => {
	const liveness = {exec: ['test', '-f', 'alive'], interval: '100ms', failureThreshold: 1};
	const unit = await startUnit(t, {
		name: uniqueName('stop-process'),
		main: {command: fixture('forever.js')},
		sidecars: {
			a: {command: fixture('forever.js'), liveness},
			b: {command: fixture('forever.js'), liveness},
			c: {command: fixture('exit.js', '1', '300'), backoff: {initial: '50ms', max: '50ms'}, start: 'after'},
		},
	}, {files: {alive: ''}, json: true});
	await unit.until('c', 'restarting');
	const before = await unit.pids();
	const a = await unit.cli(['stop', 'a']);
	t.is(a.exitCode, 0);
	t.is(a.stdout.trim(), `stopped a (pid ${before.a}, signal SIGTERM); it stays stopped until \`sidecar start a\``);
	t.is((await unit.cli(['stop', 'c'])).exitCode, 0);
	const starts = {a: unit.events('a', 'starting').length, c: unit.events('c', 'starting').length};
	rmSync(path.join(unit.cwd, 'alive'));
	await unit.until('b', 'restarting', 2); // Two liveness restarts of b: the unit's policy and liveness are at work.
	t.like(unit.events('b', 'exited')[0], {cause: 'liveness failed'});
	t.deepEqual({a: unit.events('a', 'starting').length, c: unit.events('c', 'starting').length}, starts);
	t.false(isAlive(before.a!));
	const status = (await unit.status()).processes;
	t.like(status.find(({name}) => name === 'a'), {state: 'stopped', pid: null, ready: false, healthy: true});
	t.like(status.find(({name}) => name === 'c'), {state: 'stopped', pid: null});
	t.is((await unit.pids()).main, before.main, 'main runs on');
	const table = (await unit.cli(['status'])).stdout;
	t.regex(table, /^a\s+stopped\s+-\s/m);
});

test('stop NAME of a sidecar that ignores SIGTERM: SIGKILL after its stopTimeout, and it stays down', async t => {
	const unit = await startUnit(t, {
		name: uniqueName('stop-ignore'),
		main: {command: fixture('forever.js')},
		sidecars: {stubborn: {command: fixture('ignore-term.js'), stopTimeout: '500ms'}},
	});
	await waitAllReady(unit);
	const {stubborn} = await unit.pids();
	const {exitCode, stdout} = await unit.cli(['stop', 'stubborn']);
	t.is(exitCode, 0);
	t.is(stdout.trim(), `stopped stubborn (pid ${stubborn}, signal SIGKILL); it stays stopped until \`sidecar start stubborn\``);
	t.false(isAlive(stubborn!));
	t.like((await unit.status()).processes.find(({name}) => name === 'stubborn'), {state: 'stopped', pid: null, lastExit: {signal: 'SIGKILL'}});
});

test('stop of an unknown name is a usage error naming the processes; stop main says to stop the unit', async t => {
	const unit = await startUnit(t, {name: uniqueName('stop-refused'), main: {command: fixture('forever.js')}, sidecars: {a: {command: fixture('forever.js')}}});
	const before = await unit.pids();
	const unknown = await unit.cli(['stop', 'nope']);
	t.is(unknown.exitCode, 64);
	t.regex(unknown.stderr, /unable to stop nope: no such process in unit ".+" \(main, a\)/);
	const main = await unit.cli(['stop', 'main']);
	t.is(main.exitCode, 64);
	t.regex(main.stderr, /unable to stop main: its stop is the unit's \(`sidecar stop` with no name\)/);
	t.deepEqual(await unit.pids(), before);
});

test('stop NAME while the unit is still starting is refused with 69', async t => {
	const unit = await startUnit(t, {
		name: uniqueName('stop-starting'),
		main: {command: fixture('forever.js')},
		sidecars: {db: {command: fixture('forever.js'), readiness: {file: 'never', timeout: '1m'}}},
	}, {waitForMain: false});
	await waitFor(async () => unit.status().catch(() => undefined), 20_000, 'the control socket');
	const {exitCode, stderr} = await unit.cli(['stop', 'db']);
	t.is(exitCode, 69);
	t.regex(stderr, /unable to stop db: the unit is still starting/);
});
