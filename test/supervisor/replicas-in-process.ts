import test from 'ava';
import {EXIT} from '../../lib/errors.js';
import {groupHealth} from '../../lib/supervisor/group-state.js';
import {settle} from '../helpers/fake-world.js';
import {waitFor} from '../helpers/wait-for.js';
import {command, inProcessUnit} from './_in-process.js';

// Replicated sidecars on the fake world (docs/config.md, Replicas): staggered starts, minReady at start-up and for
// dependsOn, a group's health and a critical group going fatal, at exact test times. Each instance's command ends in
// its own name, so the fake world finds its child; with no probe an instance is ready once alive 1 s.
const worker = (more: Record<string, unknown> = {}) => ({command: [process.execPath, 'worker-${SIDECAR_REPLICA}'], ...more});
const starts = (log: readonly string[]): string[] => log.filter(line => / starting$/.test(line));

test('a group is running with every desired instance ready, degraded with fewer, fatal once fewer than minReady can be', t => {
	t.like(groupHealth(['ready', 'running', 'running'], 'always', 3, 3), {state: 'running', ready: 3, possible: 3});
	t.like(groupHealth(['ready', 'backoff', 'starting'], 'always', 3, 3), {state: 'degraded', ready: 1, possible: 3});
	t.like(groupHealth(['ready', 'ready', 'fatal'], 'always', 3, 2), {state: 'degraded', possible: 2, needed: 2});
	t.like(groupHealth(['ready', 'fatal', 'fatal'], 'always', 3, 2), {state: 'fatal', possible: 1});
	t.like(groupHealth(['ready', 'stopped', 'exited'], 'always', 3, 3), {state: 'degraded', possible: 3}, 'held or stopped for a restart: can come back');
	t.like(groupHealth(['completed', 'exited'], 'once', 2, 2), {state: 'fatal', ready: 1, possible: 1}, 'a task that failed for good');
	t.like(groupHealth(['ready'], 'always', 1, 4), {state: 'running', needed: 1}, 'scaled below minReady: the count asked for is enough');
	t.like(groupHealth([], 'always', 0, 3), {state: 'running', ready: 0, needed: 0});
});

test('stagger spaces the instances\' starts; main waits for every instance by default', async t => {
	const unit = await inProcessUnit({sidecars: {worker: worker({replicas: {count: 3, stagger: '2s'}})}});
	await unit.clock.advance(6000);
	t.deepEqual(starts(unit.log), ['0 worker-0 starting', '2000 worker-1 starting', '4000 worker-2 starting', '5000 main starting']);
	t.deepEqual(unit.children.filter(child => child.command.at(-1)!.startsWith('worker')).map(child => child.env.SIDECAR_REPLICA), ['0', '1', '2']);
	t.true(unit.children.every(child => !child.command.at(-1)!.startsWith('worker') || child.env.SIDECAR_REPLICAS === '3'));
	await unit.stop();
	t.is(unit.clock.pending, 0, 'no timer outlives the unit');
});

test('start-up goes on once minReady instances are ready; one that keeps crashing leaves the group degraded', async t => {
	const unit = await inProcessUnit({sidecars: {worker: worker({replicas: {count: 3, minReady: 2}, backoff: {initial: '1s', max: '1s'}})}});
	await unit.clock.advance(500);
	await unit.child('worker-2').exit({code: 1, signal: null});
	await unit.clock.advance(500);
	t.deepEqual(starts(unit.log).at(-1), '1000 main starting', 'two of three are ready at 1000');
	await unit.clock.advance(1000); // Main is ready; worker-2 was restarted after its backoff (1 s, with jitter).
	await unit.child('worker-2').exit({code: 1, signal: null});
	t.deepEqual(unit.log.filter(line => / worker (degraded|recovered)$/.test(line)).map(line => line.split(' ')[2]), ['degraded'], 'said once, at the first change after start-up');
	t.like(unit.supervisor.snapshot().groups[0], {state: 'degraded', ready: 2, desired: 3});
	await unit.clock.advance(3000);
	t.deepEqual(unit.log.filter(line => / worker (degraded|recovered)$/.test(line)).map(line => line.split(' ')[2]), ['degraded', 'recovered']);
	t.like(unit.supervisor.snapshot().groups[0], {state: 'running', ready: 3});
	await unit.stop();
});

test('dependsOn a group waits for minReady of its instances; dependsOn an instance for that one', async t => {
	const unit = await inProcessUnit({sidecars: {
		worker: worker({replicas: {count: 3, minReady: 1, stagger: '1s'}}),
		api: {command: command('api'), dependsOn: ['worker']},
		last: {command: command('last'), dependsOn: ['worker-2']},
	}});
	await unit.clock.advance(4000);
	t.deepEqual(starts(unit.log), ['0 worker-0 starting', '1000 api starting', '1000 worker-1 starting', '2000 worker-2 starting', '3000 last starting', '4000 main starting']);
	await unit.stop();
});

test('a critical group ends the unit with 70 once fewer than minReady instances can be ready, not before', async t => {
	const unit = await inProcessUnit({sidecars: {worker: worker({replicas: {count: 3, minReady: 2}, critical: true, maxRestarts: {count: 0}})}});
	await unit.clock.advance(2000);
	t.is(unit.supervisor.state, 'running');
	await unit.child('worker-0').exit({code: 1, signal: null});
	await settle();
	t.true(unit.log.includes('2000 worker-0 fatal'));
	t.is(unit.outcome.at, undefined, 'two can still be ready: the unit runs on');
	await unit.child('worker-1').exit({code: 1, signal: null});
	await unit.finished;
	t.is(unit.outcome.code, EXIT.software);
	t.true(unit.log.includes('2000 in-process stopping'));
});

test('a signal routed to a group reaches the instances running then, a scale\'s included', async t => {
	const unit = await inProcessUnit({signals: {SIGUSR1: ['worker']}, sidecars: {worker: worker({replicas: 2})}});
	await unit.clock.advance(2000);
	const scaling = unit.supervisor.dispatch({type: 'scale', name: 'worker', count: 3});
	await waitFor(() => unit.spawned('worker-2') === 1, 10_000, 'worker-2 to spawn'); // After a real check of its command.
	await unit.clock.advance(1000);
	t.deepEqual(await scaling, {from: 2, to: 3, started: ['worker-2'], stopped: []});
	await unit.signal('SIGUSR1');
	t.deepEqual(unit.signalled(), ['3000 worker-0 SIGUSR1', '3000 worker-1 SIGUSR1', '3000 worker-2 SIGUSR1']);
	t.is(unit.log.filter(line => line.endsWith(' worker-2 starting')).length, 1);
	await unit.stop();
});

test('onRestart on a group acts on the dependent whenever any instance restarts, crash restarts included', async t => {
	const unit = await inProcessUnit({sidecars: {
		worker: worker({replicas: 2, backoff: {initial: '100ms', max: '100ms'}}),
		proxy: {command: command('proxy'), dependsOn: [{name: 'worker', condition: 'started', onRestart: {signal: 'SIGHUP'}}]},
	}});
	await unit.clock.advance(2000);
	await unit.child('worker-1').exit({code: 1, signal: null});
	await unit.clock.advance(200);
	await waitFor(() => unit.spawned('worker-1') === 2, 10_000, 'worker-1 to spawn again');
	await settle();
	const restartedAt = unit.log.filter(line => / worker-1 starting$/.test(line))[1]!.split(' ')[0];
	t.deepEqual(unit.signalled().filter(line => line.includes('proxy')), [`${restartedAt} proxy SIGHUP`]);
	t.is(unit.spawned('worker-0'), 1, 'the sibling was not touched');
	await unit.stop();
});
