import test from 'ava';
import {runCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {at, logged, startUnit, waitAllReady} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';

// Dependency conditions and onRestart (docs/lifecycle.md, Dependencies) with real processes through the binary.
const readyAfter = (ms: number, more: object = {}) => ({command: fixture('ready-after.js', String(ms)), readiness: {log: '^ready'}, ...more});

test('main starts on a started edge before that sidecar is ready, and on a ready edge only once it is', async t => {
	const unit = await startUnit(t, {
		main: {command: fixture('forever.js'), dependsOn: [{name: 'slow', condition: 'started'}, 'db']},
		sidecars: {slow: readyAfter(3000), db: readyAfter(300)},
	}, logged);
	const [mainStart] = await unit.until('main', 'starting');
	t.true(at(mainStart!) >= at(unit.events('db', 'ready')[0]!), 'after db was ready');
	t.deepEqual(unit.events('slow', 'ready'), [], 'slow was not ready yet');
	t.true(at(unit.events('slow', 'starting')[0]!) <= at(mainStart!));
	await unit.until('slow', 'ready');
	await unit.stop();
});

test('a completed edge is met by a task that fails, a succeeded edge by one that succeeds', async t => {
	const unit = await startUnit(t, {
		main: {command: fixture('forever.js'), dependsOn: [{name: 'seed', condition: 'completed'}, {name: 'migrate', condition: 'succeeded'}]},
		sidecars: {
			seed: {run: 'once', restart: 'never', command: fixture('exit.js', '3', '100')},
			migrate: {run: 'once', command: fixture('exit.js', '0', '300')},
		},
	}, logged);
	const [mainStart] = await unit.until('main', 'starting');
	const [seedExit] = unit.events('seed', 'exited');
	const [migrateExit] = unit.events('migrate', 'exited');
	t.like(seedExit, {code: 3});
	t.like(migrateExit, {code: 0});
	t.true(at(mainStart!) >= Math.max(at(seedExit!), at(migrateExit!)), 'main started after both tasks ended');
	await unit.stop();
});

test('a succeeded edge on a task that fails for good ends start-up with 69 naming the edge; main never starts', async t => {
	const unit = await startUnit(t, {
		main: {command: fixture('forever.js'), dependsOn: [{name: 'migrate', condition: 'succeeded'}]},
		sidecars: {migrate: {run: 'once', restart: 'never', command: fixture('exit.js', '3')}},
	}, logged);
	const {exitCode, stderr} = await unit.supervisor;
	t.is(exitCode, 69);
	t.is(String(stderr).trim(), 'sidecar: unable to start main: main → migrate (succeeded): migrate failed with exit code 3');
	t.deepEqual(unit.events('main', 'starting'), []);
});

test('a sidecar\'s succeeded edge on a task that goes fatal names the edge too', async t => {
	const unit = await startUnit(t, {
		main: {command: fixture('forever.js')},
		sidecars: {
			migrate: {run: 'once', command: fixture('exit.js', '3'), backoff: {initial: 10}, maxRestarts: {count: 1}},
			api: {command: fixture('forever.js'), dependsOn: [{name: 'migrate', condition: 'succeeded'}]},
		},
	}, logged);
	const {exitCode, stderr} = await unit.supervisor;
	t.is(exitCode, 69);
	t.is(String(stderr).trim(), 'sidecar: unable to start api: api → migrate (succeeded): migrate went fatal (last exit code 3)');
	t.deepEqual([unit.events('api', 'starting'), unit.events('main', 'starting')], [[], []]);
});

test('a crash restart of a dependency sends SIGHUP to main once the dependency is ready again', async t => {
	const unit = await startUnit(t, {
		main: {command: fixture('print-signals.js'), dependsOn: [{name: 'proxy', onRestart: {signal: 'SIGHUP'}}]},
		sidecars: {proxy: readyAfter(0, {backoff: {initial: 10}})},
	}, logged);
	await waitFor(() => unit.lines('main').find(line => line.startsWith('main listening')), 20_000, 'main to listen');
	process.kill((await unit.pids()).proxy!, 'SIGKILL');
	const hup = await waitFor(() => unit.lines('main').find(line => line.startsWith('main got SIGHUP')), 20_000, 'main to get SIGHUP');
	const [, second] = await unit.until('proxy', 'ready', 2);
	t.is(unit.events('proxy', 'restarting').length, 1, 'a crash restart, by proxy\'s policy');
	t.true(Number(hup.split(' ').at(-1)) >= at(unit.events('proxy', 'starting')[1]!), 'after proxy started again');
	t.truthy(second);
	t.is(unit.lines('main').filter(line => line.includes('got')).length, 1, 'one signal per restart');
	await unit.stop();
});

test('onRestart restart: the dependents restart once the dependency is ready again; an edge without it is left alone', async t => {
	const stamp = {command: fixture('stamp.js'), readiness: {log: 'started'}};
	const unit = await startUnit(t, {
		main: {...stamp, dependsOn: [{name: 'db', onRestart: 'restart'}]},
		sidecars: {
			db: readyAfter(0, {backoff: {initial: 10}}),
			web: {...stamp, dependsOn: [{name: 'db', onRestart: 'restart'}]},
			cache: {...stamp, dependsOn: ['db']},
		},
	}, logged);
	await unit.until('main', 'ready');
	const before = (await waitAllReady(unit)).processes;
	const pid = (name: string) => before.find(process => process.name === name)!.pid!;
	process.kill(pid('db'), 'SIGKILL');
	const [, mainAgain] = await unit.until('main', 'ready', 2);
	const [, webAgain] = await unit.until('web', 'ready', 2);
	const [, dbAgain] = unit.events('db', 'ready');
	t.true(at(unit.events('main', 'starting')[1]!) >= at(dbAgain!) && at(unit.events('web', 'starting')[1]!) >= at(dbAgain!), 'after db was ready again');
	const after = await unit.pids();
	t.not(after.main, pid('main'));
	t.not(after.web, pid('web'));
	t.is(after.cache, pid('cache'), 'cache (onRestart none) keeps its pid');
	t.truthy(mainAgain && webAgain);
	t.is(unit.events('main', 'exited').length, 1, 'main was stopped once, and the unit runs on');
	await unit.stop();
});

test('a dependency cycle is a config error naming the cycle', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		main: {command: fixture('forever.js')},
		sidecars: {
			a: {command: fixture('forever.js'), dependsOn: [{name: 'b', condition: 'started'}]},
			b: {command: fixture('forever.js'), dependsOn: [{name: 'a', onRestart: 'restart'}]},
		},
	}});
	for (const command of ['check', 'run']) {
		const {exitCode, stderr} = await runCli([command], {cwd});
		t.is(exitCode, 78, command);
		t.regex(stderr, /sidecars\.a\.dependsOn: got "a → b → a", expected no dependency cycle/, command);
	}
});
