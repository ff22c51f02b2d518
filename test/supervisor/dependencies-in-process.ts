import test from 'ava';
import {EXIT, SidecarError} from '../../lib/errors.js';
import {command, inProcessUnit} from './_in-process.js';

// Dependency conditions (docs/lifecycle.md, Dependencies) on a fake world: which edge lets what start, and when, in
// test-time milliseconds. A process with no readiness probe is ready once alive 1 s.
const starts = (log: readonly string[]): string[] => log.filter(line => / starting$/.test(line));

test('main waits only for its own edges: a started edge at the spawn, a succeeded one at the task\'s success', async t => {
	const unit = await inProcessUnit({
		main: {command: command('main'), dependsOn: [{name: 'proxy', condition: 'started'}, {name: 'migrate', condition: 'succeeded'}]},
		sidecars: {
			proxy: {command: command('proxy'), readiness: {log: 'listening'}},
			migrate: {command: command('migrate'), run: 'once'},
			slow: {command: command('slow'), readiness: {log: 'up', timeout: '1m'}},
		},
	});
	await unit.clock.advance(400);
	t.is(unit.spawned('main'), 0, 'main waits for migrate');
	await unit.child('migrate').exit({code: 0, signal: null});
	t.deepEqual(starts(unit.log), ['0 proxy starting', '0 migrate starting', '0 slow starting', '400 main starting'], 'neither proxy\'s readiness nor slow gates main');
	unit.child('slow').stdout.write('up\n');
	await unit.clock.advance(100);
	t.is(unit.outcome.at, undefined, 'the unit runs');
	await unit.stop();
	t.is(unit.clock.pending, 0, 'no timer outlives the unit');
});

test('a sidecar starts on a started edge at once and on a ready edge at readiness; main by default waits for every before entry', async t => {
	const unit = await inProcessUnit({sidecars: {
		db: {command: command('db'), readiness: {log: 'listening'}},
		early: {command: command('early'), dependsOn: [{name: 'db', condition: 'started'}]},
		late: {command: command('late'), dependsOn: ['db']},
	}});
	await unit.clock.advance(300);
	unit.child('db').stdout.write('listening\n');
	await unit.clock.advance(0);
	await unit.clock.advance(1000);
	t.deepEqual(starts(unit.log), ['0 db starting', '0 early starting', '300 late starting', '1300 main starting']);
	await unit.stop();
});

test('a completed edge is met by a task that failed for good, and start-up goes on', async t => {
	const unit = await inProcessUnit({sidecars: {
		seed: {command: command('seed'), run: 'once', restart: 'never'},
		web: {command: command('web'), dependsOn: [{name: 'seed', condition: 'completed'}]},
	}});
	await unit.clock.advance(200);
	await unit.child('seed').exit({code: 3, signal: null});
	await unit.clock.advance(1000);
	t.deepEqual(starts(unit.log), ['0 seed starting', '200 web starting', '1200 main starting']);
	t.is(unit.outcome.at, undefined);
	await unit.stop();
});

test('a succeeded edge on a task that failed for good fails start-up at once with 69, naming the edge', async t => {
	const unit = await inProcessUnit({
		main: {command: command('main'), dependsOn: [{name: 'migrate', condition: 'succeeded'}]},
		sidecars: {migrate: {command: command('migrate'), run: 'once', restart: 'never'}},
	});
	await unit.clock.advance(200);
	unit.child('migrate').stderr.write('relation "users" already exists\n');
	await unit.clock.advance(0);
	await unit.child('migrate').exit({code: 3, signal: null});
	await unit.finished;
	t.is(unit.outcome.at, 200);
	t.true(unit.outcome.error instanceof SidecarError);
	t.is((unit.outcome.error as SidecarError).exitCode, EXIT.unavailable);
	t.is((unit.outcome.error as Error).message, [
		'unable to start main: main → migrate (succeeded): migrate failed with exit code 3',
		'migrate\'s last stderr lines:',
		'  relation "users" already exists',
	].join('\n'));
	t.is(unit.spawned('main'), 0);
});

test('onRestart restart: once a crashed dependency is ready again, its dependents restart, main through the restart command', async t => {
	const unit = await inProcessUnit({
		main: {command: command('main'), dependsOn: [{name: 'db', onRestart: 'restart'}]},
		sidecars: {
			db: {command: command('db'), readiness: {log: 'listening'}, backoff: {initial: 100}},
			web: {command: command('web'), dependsOn: [{name: 'db', onRestart: 'restart'}]},
			cache: {command: command('cache'), dependsOn: ['db']},
		},
	});
	unit.child('db').stdout.write('listening\n');
	await unit.clock.advance(2000);
	await unit.child('db').exit({code: 1, signal: null});
	await unit.clock.advance(100); // The backoff: 100 ms, less up to 10 % of jitter.
	t.is(unit.spawned('db'), 2);
	t.deepEqual(unit.signalled(), [], 'nothing happens to the dependents while db is not ready');
	unit.child('db').stdout.write('listening\n');
	await unit.clock.advance(0);
	t.deepEqual(unit.signalled().sort(), ['2100 main SIGTERM', '2100 web SIGTERM']);
	t.deepEqual([unit.spawned('main'), unit.spawned('web'), unit.spawned('cache')], [2, 2, 1], 'restarted, and cache (onRestart none) left alone');
	await unit.clock.advance(1000); // Main's restart ends once it is ready again (alive 1 s).
	t.is(unit.outcome.at, undefined, 'main\'s restart does not end the unit');
	await unit.stop();
});

test('onRestart follows a `sidecar restart` of the dependency too; on a started edge it acts at the new spawn', async t => {
	const unit = await inProcessUnit({sidecars: {
		db: {command: command('db'), readiness: {log: 'listening'}},
		web: {command: command('web'), dependsOn: [{name: 'db', condition: 'started', onRestart: 'restart'}]},
	}});
	unit.child('db').stdout.write('listening\n');
	await unit.clock.advance(2000);
	void unit.supervisor.dispatch({type: 'restart', name: 'db'}).catch(() => {});
	await unit.clock.advance(0);
	t.deepEqual(unit.signalled(), ['2000 db SIGTERM', '2000 web SIGTERM'], 'web restarts as db spawns again, before db is ready');
	t.deepEqual([unit.spawned('db'), unit.spawned('web')], [2, 2]);
	await unit.stop();
});

test('onRestart is refused while the unit is still starting: nothing is restarted twice', async t => {
	const unit = await inProcessUnit({sidecars: {
		db: {command: command('db'), backoff: {initial: 100}},
		web: {command: command('web'), readiness: {log: 'up'}, dependsOn: [{name: 'db', condition: 'started', onRestart: 'restart'}]},
	}});
	await unit.clock.advance(10);
	await unit.child('db').exit({code: 1, signal: null});
	await unit.clock.advance(100);
	t.is(unit.spawned('db'), 2);
	t.is(unit.spawned('web'), 1, 'the restart command is refused before main starts (unit-command-table.ts)');
	await unit.stop();
});
