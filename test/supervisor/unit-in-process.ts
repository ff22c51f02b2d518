import test from 'ava';
import {EXIT, SidecarError} from '../../lib/errors.js';
import {command, config, inProcessUnit, track} from './_in-process.js';

// The unit's own logic (docs/lifecycle.md) on a fake world: start order, readiness timeouts, drains, shutdown order,
// main's restart and reload, each at exact times in test-time milliseconds, with no process and no wall clock.

test('before sidecars start first, main once they are ready, after sidecars once main is ready', async t => {
	const unit = await inProcessUnit({sidecars: {
		db: {command: command('db'), readiness: {log: 'listening'}},
		logger: {command: command('logger'), start: 'after'},
	}});
	await unit.clock.advance(300);
	t.is(unit.spawned('main'), 0, 'main waits for db');
	unit.child('db').stdout.write('listening on 5432\n');
	await unit.clock.advance(0);
	await unit.clock.advance(1000); // Main has no probe: alive 1 s counts as ready.
	t.deepEqual(unit.log.filter(line => / (starting|ready)$/.test(line)), [
		'0 db starting',
		'300 db ready',
		'300 main starting',
		'1300 main ready',
		'1300 logger starting',
	]);
	await unit.stop();
	t.is(unit.clock.pending, 0, 'no timer outlives the unit');
});

test('a before sidecar not ready in its readiness timeout fails start-up with exit 69, and main never starts', async t => {
	const unit = await inProcessUnit({sidecars: {db: {command: command('db'), readiness: {log: 'listening', timeout: '5s'}}}});
	await unit.clock.advance(4999);
	t.is(unit.outcome.at, undefined, 'still waiting a millisecond before the timeout');
	await unit.clock.advance(1);
	await unit.finished;
	t.is(unit.outcome.at, 5000);
	t.true(unit.outcome.error instanceof SidecarError);
	t.is((unit.outcome.error as SidecarError).exitCode, EXIT.unavailable);
	t.regex((unit.outcome.error as Error).message, /^unable to start db: not ready after 5s \(log probe: /);
	t.is(unit.spawned('main'), 0);
	t.deepEqual(unit.signalled(), ['5000 db SIGTERM'], 'what started is stopped');
});

test('a sidecar drains for its delay after main exits, before its stop signal', async t => {
	const unit = await inProcessUnit({sidecars: {proxy: {command: command('proxy'), drain: {delay: '2s'}}}});
	await unit.clock.advance(5000);
	await unit.child('main').exit({code: 0, signal: null});
	await unit.clock.advance(1999);
	t.deepEqual(unit.signalled(), [], 'not signalled during its drain');
	await unit.clock.advance(1);
	await unit.finished;
	t.deepEqual(unit.signalled(), ['7000 proxy SIGTERM']);
	t.deepEqual(unit.log.filter(line => / (draining|drained|stopping|stopped)$/.test(line)).slice(-4), [
		'5000 proxy draining',
		'7000 proxy drained',
		'7000 proxy stopping',
		'7000 proxy stopped',
	]);
	t.is(unit.outcome.code, 0, 'main\'s code');
});

// Two sidecars started together (a, then b) and a b that ignores SIGTERM: it is SIGKILLed after its stopTimeout.
const shutdownOf = async (shutdown: 'sequential' | 'parallel') => {
	const unit = await inProcessUnit({shutdown, sidecars: {
		a: {command: command('a')},
		b: {command: command('b'), stopTimeout: '3s'},
	}});
	await unit.clock.advance(2000);
	unit.child('b').ignores.add('SIGTERM');
	await unit.signal('SIGTERM');
	await unit.clock.advance(3000);
	await unit.finished;
	return unit;
};

test('shutdown stops main first, then the sidecars one at a time in reverse start order', async t => {
	const unit = await shutdownOf('sequential');
	t.deepEqual(unit.signalled(), ['2000 main SIGTERM', '2000 b SIGTERM', '5000 b SIGKILL', '5000 a SIGTERM']);
	t.is(unit.outcome.code, 128 + 15);
});

test('a parallel shutdown stops main first, then every sidecar at once', async t => {
	const unit = await shutdownOf('parallel');
	t.deepEqual(unit.signalled(), ['2000 main SIGTERM', '2000 b SIGTERM', '2000 a SIGTERM', '5000 b SIGKILL']);
});

test('restarting main stops it and starts it again, gated on its readiness, while the unit keeps running', async t => {
	const unit = await inProcessUnit({sidecars: {db: {command: command('db')}}});
	await unit.clock.advance(2500);
	const first = unit.child('main').pid;
	const restart = track(unit.supervisor.dispatch({type: 'restart', name: 'main'}), () => unit.clock.now);
	await unit.clock.advance(0);
	t.is(unit.spawned('main'), 2);
	t.true(unit.signalled().includes('2500 main SIGTERM'));
	t.not(unit.child('main').pid, first);
	await unit.clock.advance(999);
	t.is(restart.at, undefined, 'not ready yet');
	await unit.clock.advance(1);
	t.is(restart.at, 3500);
	t.is(unit.supervisor.state, 'running');
	t.is(unit.outcome.at, undefined, 'main\'s exit during its restart does not end the unit');
	await unit.stop();
	t.is(unit.outcome.code, 128 + 15);
});

test('reload stops a removed sidecar, starts an added one and resolves once it is ready', async t => {
	const next = config({sidecars: {cache: {command: command('cache')}}});
	const unit = await inProcessUnit({sidecars: {db: {command: command('db')}}}, async () => next);
	await unit.clock.advance(2000);
	const reload = track(unit.supervisor.dispatch({type: 'reload'}).then(({plan}) => plan), () => unit.clock.now);
	await unit.clock.advance(0);
	t.deepEqual(unit.signalled(), ['2000 db SIGTERM']);
	t.is(unit.spawned('cache'), 1);
	await unit.clock.advance(999);
	t.is(reload.at, undefined);
	await unit.clock.advance(1);
	t.is(reload.at, 3000);
	t.like(reload.value, {added: ['cache'], changed: [], removed: ['db']});
	t.deepEqual(unit.supervisor.processes().map(({name}) => name), ['main', 'cache']);
	await unit.stop();
});

test('a stop requested while main restarts ends the unit at once, not once the new main is ready', async t => {
	const unit = await inProcessUnit({main: {command: command('main'), readiness: {log: 'listening', timeout: '60s'}}, sidecars: {}});
	unit.child('main').stdout.write('listening\n');
	await unit.clock.advance(0);
	const restart = track(unit.supervisor.dispatch({type: 'restart', name: 'main'}), () => unit.clock.now);
	await unit.clock.advance(100);
	t.is(unit.spawned('main'), 2, 'the new main runs and waits for its readiness');
	await unit.signal('SIGTERM');
	await unit.clock.advance(0);
	t.is(unit.outcome.at, 100, 'the unit ended at the stop, not at main\'s readiness timeout (60 s)');
	t.is(unit.outcome.code, 128 + 15);
	await unit.clock.advance(0);
	t.is(restart.at, 100, 'the restart gave up with the unit');
});
