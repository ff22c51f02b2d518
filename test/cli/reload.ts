import {writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {fixture} from '../helpers/fixtures.js';
import {isAlive} from '../helpers/processes.js';
import {startUnit, uniqueName, waitAllReady} from '../helpers/unit.js';

const sidecar = (...args: string[]) => ({command: fixture('forever.js', ...args)});

const base = (name: string) => ({name, main: {command: fixture('forever.js')}, sidecars: {a: sidecar(), b: sidecar(), c: sidecar()}});

const writeConfig = (cwd: string, config: unknown) => {
	writeFileSync(path.join(cwd, 'sidecar.config.json'), typeof config === 'string' ? config : JSON.stringify(config));
};

test('reload adds, changes and removes exactly what changed and keeps the other pids', async t => {
	const config = base(uniqueName('reload'));
	const unit = await startUnit(t, config);
	await waitAllReady(unit);
	const before = await unit.pids();
	writeConfig(unit.cwd, {...config, sidecars: {a: sidecar(), b: sidecar('changed'), d: {...sidecar(), dependsOn: ['b'], readiness: {log: 'pid'}}}});
	const {exitCode, stdout, stderr} = await unit.cli(['reload']);
	t.is(exitCode, 0, stderr);
	t.regex(stdout, /added: d/);
	t.regex(stdout, /changed: b/);
	t.regex(stdout, /removed: c/);
	t.regex(stdout, /unchanged: a/);
	const after = await unit.status();
	t.deepEqual(after.processes.map(process => process.name), ['main', 'a', 'b', 'd']);
	const pids = Object.fromEntries(after.processes.map(process => [process.name, process.pid]));
	t.is(pids.main, before.main);
	t.is(pids.a, before.a);
	t.not(pids.b, before.b);
	t.is(typeof pids.d, 'number');
	t.true(after.processes.find(process => process.name === 'd')!.ready);
	t.false(isAlive(before.c!));
	t.false(isAlive(before.b!));
});

test('an invalid config is rejected with check\'s messages and nothing changes', async t => {
	const config = base(uniqueName('reload-bad'));
	const unit = await startUnit(t, config);
	await waitAllReady(unit);
	const before = await unit.pids();
	writeConfig(unit.cwd, {...config, sidecars: {a: sidecar(), b: {...sidecar(), stopTimeout: 'soon'}, e: sidecar()}});
	const reload = await unit.cli(['reload']);
	writeConfig(unit.cwd, {...config, sidecars: {a: sidecar(), b: {...sidecar(), stopTimeout: 'soon'}, e: sidecar()}});
	const check = await unit.cli(['check']);
	t.is(reload.exitCode, 78);
	t.is(check.exitCode, 78);
	t.regex(reload.stderr, /sidecars\.b\.stopTimeout: got "soon"/);
	t.is(reload.stderr, check.stderr);
	t.deepEqual(await unit.pids(), before);
});

test('a changed main is reported as needing a restart of the unit, not applied', async t => {
	const config = base(uniqueName('reload-main'));
	const unit = await startUnit(t, config);
	await waitAllReady(unit);
	const before = await unit.pids();
	writeConfig(unit.cwd, {...config, main: {command: fixture('forever.js', 'other')}});
	const {exitCode, stdout} = await unit.cli(['reload']);
	t.is(exitCode, 0);
	t.regex(stdout, /no sidecar changed/);
	t.regex(stdout, /not applied: main changed; restart the unit to apply it/);
	t.deepEqual(await unit.pids(), before);
});
