import test from 'ava';
import {EXIT, SidecarError} from '../../lib/errors.js';
import {unitHealthProblem, unitStatus} from '../../lib/host/systemd-notifier.js';
import {settle} from '../helpers/fake-world.js';
import {command, config, inProcessUnit, track} from './_in-process.js';

// `sidecar stop NAME` and `sidecar start NAME` (docs/control.md), and sidecars declared but not started
// (docs/config.md, Enabled and profiles), on the fake world: each state and signal at its exact test time.

const stateOf = (unit: Awaited<ReturnType<typeof inProcessUnit>>, name: string) =>
	unit.supervisor.snapshot().processes.find(process => process.name === name)!;

test('stop NAME sends the stop signal at once, answers with the pid and how it ended, and holds it stopped', async t => {
	const unit = await inProcessUnit({sidecars: {a: {command: command('a')}}});
	await unit.clock.advance(2000);
	const {pid} = unit.child('a');
	// The child ends at its stop signal: no test time passes before the answer.
	t.deepEqual(await unit.supervisor.dispatch({type: 'stop-process', name: 'a'}), {pid, exit: {code: null, signal: 'SIGTERM'}});
	t.is(unit.clock.now, 2000);
	t.deepEqual(unit.signalled(), ['2000 a SIGTERM']);
	await unit.clock.advance(600_000);
	t.is(unit.spawned('a'), 1, 'no restart policy brings it back');
	t.like(stateOf(unit, 'a'), {state: 'stopped', pid: null, ready: false, healthy: true, lastExit: {code: null, signal: 'SIGTERM', stderr: []}});
	t.is(unit.supervisor.state, 'running', 'the unit runs on');
	await unit.stop();
	t.deepEqual(unit.signalled(), ['2000 a SIGTERM', '602000 main SIGTERM'], 'shutdown has nothing left to stop of it');
});

test('stop NAME of a sidecar in backoff holds it: its backoff ends and nothing is spawned', async t => {
	const unit = await inProcessUnit({sidecars: {a: {command: command('a'), backoff: {initial: '5s', max: '5s'}}}});
	await unit.clock.advance(2000);
	await unit.child('a').exit({code: 1, signal: null});
	t.is(stateOf(unit, 'a').state, 'backoff');
	t.deepEqual(await unit.supervisor.dispatch({type: 'stop-process', name: 'a'}), {pid: null, exit: null});
	await unit.clock.advance(60_000);
	t.is(unit.spawned('a'), 1);
	t.like(stateOf(unit, 'a'), {state: 'stopped', lastExit: {code: 1, signal: null}});
	await unit.stop();
});

test('stop NAME of a sidecar that ignores its stop signal: SIGKILL after stopTimeout, and it stays down', async t => {
	const unit = await inProcessUnit({sidecars: {a: {command: command('a'), stopTimeout: '3s'}}});
	await unit.clock.advance(2000);
	unit.child('a').ignores.add('SIGTERM');
	const stopping = unit.supervisor.dispatch({type: 'stop-process', name: 'a'});
	const reply = track(stopping, () => unit.clock.now);
	await settle(); // The stop signal goes out now, before the clock moves.
	await unit.clock.advance(2999);
	t.is(reply.at, undefined, 'still waiting a millisecond before stopTimeout');
	await unit.clock.advance(1);
	t.like(await stopping, {exit: {code: null, signal: 'SIGKILL'}});
	t.is(reply.at, 5000);
	t.deepEqual(unit.signalled(), ['2000 a SIGTERM', '5000 a SIGKILL']);
	await unit.clock.advance(60_000);
	t.is(unit.spawned('a'), 1);
	t.is(stateOf(unit, 'a').state, 'stopped');
	await unit.stop();
});

test('start NAME spawns it again and answers with the new pid once it is ready (alive 1 s)', async t => {
	const unit = await inProcessUnit({sidecars: {a: {command: command('a')}}});
	await unit.clock.advance(2000);
	const first = unit.child('a').pid;
	await unit.supervisor.dispatch({type: 'stop-process', name: 'a'});
	const starting = unit.supervisor.dispatch({type: 'start-process', name: 'a'});
	const reply = track(starting, () => unit.clock.now);
	await settle();
	t.is(unit.spawned('a'), 2);
	await unit.clock.advance(999);
	t.is(reply.at, undefined, 'gated on its readiness');
	await unit.clock.advance(1);
	t.deepEqual(await starting, {pid: unit.child('a').pid});
	t.is(reply.at, 3000);
	t.not(unit.child('a').pid, first);
	t.like(stateOf(unit, 'a'), {state: 'running', ready: true});
	await unit.stop();
});

test('a started sidecar crashes and is restarted by its policy again', async t => {
	const unit = await inProcessUnit({sidecars: {a: {command: command('a'), backoff: {initial: '1s', max: '1s'}}}});
	await unit.clock.advance(2000);
	await unit.supervisor.dispatch({type: 'stop-process', name: 'a'});
	const started = unit.supervisor.dispatch({type: 'start-process', name: 'a'});
	await settle();
	await unit.clock.advance(1000);
	await started;
	await unit.child('a').exit({code: 1, signal: null});
	await unit.clock.advance(1000);
	t.is(unit.spawned('a'), 3, 'the policy acts on it once it is started');
	await unit.stop();
});

test('stop NAME is refused with 69 while the unit is still starting', async t => {
	const unit = await inProcessUnit({sidecars: {db: {command: command('db'), readiness: {log: 'listening'}}}});
	const error = await t.throwsAsync<SidecarError>(unit.supervisor.dispatch({type: 'stop-process', name: 'db'}));
	t.is(error?.message, 'unable to stop db: the unit is still starting');
	t.is(error?.exitCode, EXIT.unavailable);
	unit.child('db').stdout.write('listening\n');
	await unit.clock.advance(1000);
	await unit.stop();
});

test('start NAME of a sidecar whose dependency is held stopped is refused with 69, naming it', async t => {
	const unit = await inProcessUnit({sidecars: {db: {command: command('db')}, api: {command: command('api'), dependsOn: ['db']}}});
	await unit.clock.advance(3000);
	await unit.supervisor.dispatch({type: 'stop-process', name: 'api'});
	await unit.supervisor.dispatch({type: 'stop-process', name: 'db'});
	const error = await t.throwsAsync<SidecarError>(unit.supervisor.dispatch({type: 'start-process', name: 'api'}));
	t.is(error?.message, 'unable to start api: it depends on db, which is stopped (`sidecar start db` first)');
	t.is(error?.exitCode, EXIT.unavailable);
	t.is(unit.spawned('api'), 1);
	await unit.stop();
});

test('a critical sidecar held stopped is neither fatal nor a health problem for the watchdog', async t => {
	const unit = await inProcessUnit({sidecars: {db: {command: command('db'), critical: true}}});
	await unit.clock.advance(2000);
	await unit.supervisor.dispatch({type: 'stop-process', name: 'db'});
	t.is(unitHealthProblem(unit.supervisor), null);
	t.is(unitStatus(unit.supervisor), 'main running, 0/1 sidecars ready; db stopped', 'systemd\'s STATUS= names it stopped');
	t.is(unit.supervisor.state, 'running');
	await unit.stop();
});

test('an enabled: false before sidecar is not started, does not hold main back, and start NAME starts it', async t => {
	const unit = await inProcessUnit({sidecars: {db: {command: command('db'), enabled: false}}});
	t.deepEqual(unit.log, ['0 main starting']);
	t.is(unit.spawned('db'), 0);
	t.like(stateOf(unit, 'db'), {state: 'stopped', pid: null, lastExit: null});
	await unit.clock.advance(1000);
	const starting = unit.supervisor.dispatch({type: 'start-process', name: 'db'});
	const reply = track(starting, () => unit.clock.now);
	await settle();
	await unit.clock.advance(1000);
	t.deepEqual(await starting, {pid: unit.child('db').pid});
	t.is(reply.at, 2000);
	await unit.stop();
	t.deepEqual(unit.signalled(), ['2000 main SIGTERM', '2000 db SIGTERM'], 'a sidecar started by name stops with the unit');
});

test('an enabled: false after sidecar and shutdown task never run', async t => {
	const unit = await inProcessUnit({sidecars: {
		late: {command: command('late'), start: 'after', enabled: false},
		cleanup: {command: command('cleanup'), run: 'once', start: 'shutdown', enabled: false},
	}});
	await unit.clock.advance(5000);
	await unit.stop();
	t.is(unit.spawned('late'), 0);
	t.is(unit.spawned('cleanup'), 0);
});

const profiled = {sidecars: {
	always: {command: command('always')},
	mock: {command: command('mock'), profiles: ['dev']},
	debugger: {command: command('debugger'), profiles: ['debug', 'dev']},
}};

test('an entry with profiles is not started when none of them is selected', async t => {
	const unit = await inProcessUnit(profiled);
	await unit.clock.advance(2000);
	t.deepEqual([unit.spawned('always'), unit.spawned('mock'), unit.spawned('debugger')], [1, 0, 0]);
	t.deepEqual(['mock', 'debugger'].map(name => stateOf(unit, name).state), ['stopped', 'stopped']);
	await unit.stop();
});

test('an entry runs when one of its profiles is selected', async t => {
	const unit = await inProcessUnit(profiled, undefined, ['debug']);
	await unit.clock.advance(2000);
	t.deepEqual([unit.spawned('always'), unit.spawned('mock'), unit.spawned('debugger')], [1, 0, 1]);
	await unit.stop();
});

test('a reload that adds an enabled: false sidecar holds it stopped', async t => {
	const unit = await inProcessUnit({}, async () => config({sidecars: {extra: {command: command('extra'), enabled: false}}}));
	await unit.clock.advance(2000);
	const {plan} = await unit.supervisor.dispatch({type: 'reload'});
	t.deepEqual(plan.added, ['extra']);
	t.is(unit.spawned('extra'), 0);
	t.is(stateOf(unit, 'extra').state, 'stopped');
	await unit.stop();
});

test('an after sidecar stopped by name before main is ready is not started when main becomes ready', async t => {
	const unit = await inProcessUnit({main: {command: command('main'), readiness: {log: 'up'}}, sidecars: {late: {command: command('late'), start: 'after'}}});
	t.deepEqual(await unit.supervisor.dispatch({type: 'stop-process', name: 'late'}), {pid: null, exit: null});
	unit.child('main').stdout.write('up\n');
	await unit.clock.advance(5000);
	t.is(unit.spawned('late'), 0);
	t.is(stateOf(unit, 'late').state, 'stopped');
	await unit.stop();
});
