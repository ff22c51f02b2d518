import test from 'ava';
import {fixture} from '../helpers/fixtures.js';
import {cpuMeter} from '../helpers/proc-usage.js';
import {waitFor} from '../helpers/wait-for.js';
import {at, logged, startUnit} from '../helpers/unit.js';

test('a drain probe that never passes is bounded by its timeout; the supervisor idles while it waits', async t => {
	const unit = await startUnit(t, {
		main: {command: fixture('exit.js', '0', '800')},
		sidecars: {shipper: {command: fixture('stamp.js'), drain: {file: 'never', timeout: '2s', interval: '100ms'}}},
	}, logged);
	const [draining] = await unit.until('shipper', 'draining', 1, 20_000);
	const cores = cpuMeter(unit.supervisor.pid!);
	await waitFor(() => Date.now() - at(draining!) > 1700 || unit.supervisor.exitCode !== null, 10_000);
	const cpu = cores();
	t.is((await unit.supervisor).exitCode, 0);
	const [drained] = unit.events('shipper', 'drained');
	const [stopping] = unit.events('shipper', 'stopping');
	t.is(drained!.result, 'timed out');
	t.is(drained!.reason, 'no such file');
	t.true(at(stopping!) - at(draining!) >= 1950, `stopped ${at(stopping!) - at(draining!)}ms after draining began`);
	t.true(at(stopping!) - at(draining!) < 5000);
	t.true(at(draining!) >= at(unit.events('main', 'exited')[0]!), 'after main exited');
	t.true(cpu < 0.1, `the supervisor used ${cpu.toFixed(3)} cores while it waited`);
});

test('drain {delay} waits that long before the stop signal', async t => {
	const unit = await startUnit(t, {main: {command: fixture('exit.js', '0', '800')}, sidecars: {shipper: {command: fixture('stamp.js'), drain: {delay: '700ms'}}}}, logged);
	t.is((await unit.supervisor).exitCode, 0);
	const [exited] = unit.events('main', 'exited');
	const [stopping] = unit.events('shipper', 'stopping');
	t.is(unit.events('shipper', 'drained')[0]!.result, 'waited');
	t.true(at(stopping!) - at(exited!) >= 680, `stop signal ${at(stopping!) - at(exited!)}ms after main exited`);
});

test('a sidecar that exits while it drains ends the wait', async t => {
	const unit = await startUnit(t, {
		main: {command: fixture('exit.js', '0', '300')},
		sidecars: {shipper: {command: 'sleep 3', restart: 'never', drain: {file: 'never', timeout: '20s'}}},
	}, logged);
	t.is((await unit.supervisor).exitCode, 0);
	const [drained] = unit.events('shipper', 'drained');
	t.is(drained?.result, 'exited', JSON.stringify(unit.entries()));
	t.true(drained!.ms as number < 5000);
});
