import test from 'ava';
import {fixture} from '../helpers/fixtures.js';
import {startUnit, uniqueName, waitAllReady} from '../helpers/unit.js';

const config = (name: string) => ({
	name,
	main: {command: fixture('forever.js')},
	sidecars: {a: {command: fixture('forever.js')}, b: {command: fixture('forever.js')}},
});

test('restart NAME changes only that pid', async t => {
	const unit = await startUnit(t, config(uniqueName('restart')));
	await waitAllReady(unit);
	const before = await unit.pids();
	const {exitCode, stdout} = await unit.cli(['restart', 'a']);
	t.is(exitCode, 0);
	const after = await unit.pids();
	t.regex(stdout, new RegExp(`restarted a \\(pid ${after.a}\\)`));
	t.not(after.a, before.a);
	t.is(after.main, before.main);
	t.is(after.b, before.b);
});

test('restart --main restarts main and the unit keeps running', async t => {
	const unit = await startUnit(t, config(uniqueName('restart-main')));
	await waitAllReady(unit);
	const before = await unit.pids();
	t.is((await unit.cli(['restart', '--main'])).exitCode, 0);
	const after = await unit.pids();
	t.not(after.main, before.main);
	t.is(after.a, before.a);
	t.is(after.b, before.b);
	t.is((await unit.cli(['status'])).exitCode, 0);
});

test('restart main without --main is a usage error', async t => {
	const unit = await startUnit(t, config(uniqueName('restart-usage')));
	const before = await unit.pids();
	const {exitCode, stderr} = await unit.cli(['restart', 'main']);
	t.is(exitCode, 64);
	t.regex(stderr, /--main/);
	t.deepEqual(await unit.pids(), before);
});

test('restart of an unknown name says which names exist', async t => {
	const unit = await startUnit(t, config(uniqueName('restart-unknown')));
	const {exitCode, stderr} = await unit.cli(['restart', 'nope']);
	t.is(exitCode, 64);
	t.regex(stderr, /unable to restart nope: no such process in unit ".+" \(main, a, b\)/);
});
