import test from 'ava';
import {command, inProcessUnit, track} from './_in-process.js';

// `restart --overlap` (docs/sockets.md, Restarts) on the unit's fake clock: the next spawn of main runs beside the old
// one until it is ready, then the old one stops; one that fails leaves the old one serving.
const logProbe = {command: command('main'), readiness: {log: 'serving', timeout: '5s' as const}};

// A unit whose main is ready at 100 ms, and `restart --overlap` of it asked then.
async function overlapping() {
	const unit = await inProcessUnit({main: logProbe});
	unit.child('main').stdout.write('serving\n');
	await unit.clock.advance(100);
	const old = unit.child('main');
	const restart = track(unit.supervisor.dispatch({type: 'restart', name: 'main', overlap: true}), () => unit.clock.now);
	return {unit, old, restart};
}

test('the new main starts while the old one runs, and the old one is stopped only once the new one is ready', async t => {
	const {unit, old, restart} = await overlapping();
	await unit.clock.advance(500);
	t.is(unit.spawned('main'), 2, 'the next main is spawned at once');
	t.false(old.exited, 'the old main runs while the new one gets ready');
	t.is(unit.supervisor.process('main')!.pid, old.pid, 'status still shows the old main');
	t.is(unit.supervisor.process('main')!.state, 'ready');
	unit.child('main').stdout.write('serving\n');
	await unit.clock.advance(100);
	t.true(old.exited, 'stopped once the new one is ready');
	t.is(restart.at, 700);
	t.deepEqual(restart.value, {pid: unit.child('main').pid});
	t.is(unit.supervisor.process('main')!.pid, unit.child('main').pid);
	t.is(unit.supervisor.state, 'running', 'the old main\'s exit does not end the unit');
	t.deepEqual(unit.signalled(), ['700 main SIGTERM'], 'only the old main was signalled');
	await unit.clock.advance(60_000);
	t.is(unit.spawned('main'), 2, 'no restart follows the old main\'s exit');
	await unit.child('main').exit({code: 4, signal: null});
	await unit.finished;
	t.is(unit.outcome.code, 4, 'the new main\'s exit is the unit\'s');
});

test('a new main that exits before it is ready is refused; the old one serves on', async t => {
	const {unit, old, restart} = await overlapping();
	await unit.clock.advance(200);
	await unit.child('main').exit({code: 1, signal: null});
	await unit.clock.advance(0);
	t.regex(String(restart.error), /unable to restart main with overlap: the new main \(pid \d+\) failed, it exited before it was ready; the running one serves on/);
	t.false(old.exited);
	t.is(unit.supervisor.process('main')!.pid, old.pid);
	t.is(unit.supervisor.process('main')!.state, 'ready');
	t.is(unit.supervisor.state, 'running');
	await unit.stop();
	t.true(old.exited);
	t.is(unit.spawned('main'), 2, 'nothing restarted the failed new main');
});

test('a new main not ready within its readiness timeout is stopped; the old one serves on', async t => {
	const {unit, old, restart} = await overlapping();
	const next = unit.child('main');
	await unit.clock.advance(4999);
	t.is(restart.at, undefined);
	await unit.clock.advance(1);
	t.true(next.exited, 'the new main is stopped at the timeout');
	t.regex(String(restart.error), /it was not ready after 5000ms/);
	t.false(old.exited);
	await unit.stop();
});

test('a stop of the unit while the new main gets ready stops both', async t => {
	const {unit, old, restart} = await overlapping();
	const next = unit.child('main');
	await unit.clock.advance(300);
	await unit.stop();
	t.true(old.exited);
	t.true(next.exited);
	t.regex(String(restart.error), /the process is being stopped/);
	t.is(unit.clock.pending, 0, 'no timer outlives the unit');
});

test('a main that is not ready is restarted plainly, even with overlap', async t => {
	const unit = await inProcessUnit({main: logProbe});
	await unit.clock.advance(100);
	const old = unit.child('main');
	const restart = track(unit.supervisor.dispatch({type: 'restart', name: 'main', overlap: true}), () => unit.clock.now);
	await unit.clock.advance(0);
	t.true(old.exited, 'stopped first, as a plain restart does');
	unit.child('main').stdout.write('serving\n');
	await unit.clock.advance(100);
	t.deepEqual(restart.value, {pid: unit.child('main').pid});
	await unit.stop();
});

test('a schedule\'s restart of a main with sockets overlaps: the old main runs until the new one is ready', async t => {
	const unit = await inProcessUnit({sockets: {http: {port: 18_080}}, main: {...logProbe, sockets: ['http'], schedule: {every: '1m'}}});
	unit.child('main').stdout.write('serving\n');
	await unit.clock.advance(100);
	const old = unit.child('main');
	await unit.clock.advance(60_000 - 100);
	t.is(unit.spawned('main'), 2, 'the firing started the next main');
	t.false(old.exited, 'beside the old one');
	unit.child('main').stdout.write('serving\n');
	await unit.clock.advance(100);
	t.true(old.exited);
	t.is(unit.supervisor.process('main')!.pid, unit.child('main').pid);
	await unit.stop();
});

test('a task restarted with overlap runs again plainly: one run at a time', async t => {
	const unit = await inProcessUnit({sidecars: {job: {command: command('job'), run: 'once', start: 'after'}}});
	unit.child('main').stdout.write('x\n');
	await unit.clock.advance(1000);
	await unit.child('job').exit({code: 0, signal: null});
	const restart = track(unit.supervisor.dispatch({type: 'restart', name: 'job', overlap: true}), () => unit.clock.now);
	await unit.clock.advance(0);
	t.is(unit.spawned('job'), 2);
	await unit.child('job').exit({code: 0, signal: null});
	await unit.clock.advance(0);
	t.deepEqual(restart.value, {pid: null});
	t.is(unit.supervisor.process('job')!.state, 'completed');
	await unit.stop();
});
