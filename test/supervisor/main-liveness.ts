import test from 'ava';
import {fixture} from '../helpers/fixtures.js';
import {logged, startUnit} from '../helpers/unit.js';

test('main.liveness.action \'exit\' stops the unit with exit code 70 when main is unhealthy', async t => {
	const unit = await startUnit(t, {main: {command: fixture('forever.js'), liveness: {exec: ['false'], interval: '100ms', failureThreshold: 2, action: 'exit'}}}, logged);
	const {exitCode} = await unit.supervisor;
	t.is(exitCode, 70);
	t.is(unit.events('main', 'unhealthy')[0]!.action, 'stop the unit (exit 70)');
	t.regex(String(unit.events(unit.unit, 'stopping')[0]?.reason), /^main is unhealthy \(liveness exec probe false failed 2 times in a row/);
});

test('main.liveness.action \'restart\' restarts main, and the unit runs on', async t => {
	// Fails once (its first check), then passes: one restart.
	const liveness = {exec: ['sh', '-c', 'test -f checked || { touch checked; exit 1; }'], interval: '100ms', failureThreshold: 1, action: 'restart'};
	const unit = await startUnit(t, {main: {command: fixture('forever.js'), liveness}}, logged);
	const [first, second] = await unit.until('main', 'starting', 2, 20_000);
	t.not(first!.pid, second!.pid);
	t.is(unit.events('main', 'unhealthy')[0]!.action, 'restart main');
	// Stopped for failing liveness: a failure with its cause, not a requested stop (docs/restarts.md).
	t.like(unit.events('main', 'exited')[0], {pid: first!.pid, cause: 'liveness failed', stopped: undefined});
	await unit.until('main', 'ready', 2, 20_000);
	t.is(unit.supervisor.exitCode, null, 'the unit runs on');
	t.is((await unit.stop()).exitCode, 143);
});
