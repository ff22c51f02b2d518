import test from 'ava';
import type {SidecarConfig, WatchSpec} from '../../lib/config/types.js';
import {UnitEvents} from '../../lib/events/unit-events.js';
import type {RunOnceResult} from '../../lib/run-once.js';
import {LOOP_ACTIONS} from '../../lib/supervisor/watch-trigger.js';
import type {OpenTree} from '../../lib/supervisor/watch-trigger.js';
import type {WatchMode} from '../../lib/supervisor/watches.js';
import type {TreeWatchOptions, WatchFailure} from '../../lib/watch/watch-tree.js';
import {settle} from '../helpers/fake-world.js';
import {command, config, inProcessUnit, track} from './_in-process.js';

// Watches on the fake clock (docs/watch.md): the file tree and the step runner are the test's, the unit is real.

type FakeTree = {options: TreeWatchOptions; change: (file: string) => void; failed: (failure: WatchFailure) => void; closed: boolean; directories: number; close: () => void};

// A unit whose processes' watches open fake trees; `acted` lists each watch event as `TIME NAME EVENT DETAIL`.
async function watchedUnit(input: Omit<SidecarConfig, 'name'>, mode: WatchMode = 'dev', step?: (args: readonly string[]) => Promise<RunOnceResult>, reload?: Omit<SidecarConfig, 'name'>) {
	const trees: FakeTree[] = [];
	const steps: string[][] = [];
	const open: OpenTree = (options, handlers) => {
		const tree: FakeTree = {options, ...handlers, closed: false, directories: 3, close() {
			tree.closed = true;
		}};
		trees.push(tree);
		return tree;
	};

	const runStep = async (file: string, args: readonly string[]) => {
		steps.push([file, ...args]);
		return step?.(args) ?? {ok: true as const};
	};

	const events = new UnitEvents();
	const acted: string[] = [];
	let now = () => 0;
	events.onEvery(event => {
		if (event.event.startsWith('watch')) {
			const detail = 'result' in event ? event.result : 'changes' in event ? event.changes : '';
			acted.push(`${now()} ${event.name} ${event.event} ${detail}`.trim());
		}
	});
	const unit = await inProcessUnit(input, reload === undefined ? undefined : async () => config(reload), [], {events, watch: {mode, open, runStep}});
	now = () => unit.clock.now;
	await settle();
	// Changes to files under a tree, as the engine reports them (each one at the current time).
	const change = async (tree: FakeTree, files: string[]) => {
		for (const file of files) {
			tree.change(file);
		}

		await settle();
	};

	const watchOf = (name: string) => unit.supervisor.snapshot().processes.find(process_ => process_.name === name)!.watch;
	return {...unit, trees, steps, acted, change, watchOf};
}

const mainWatching = (watch: WatchSpec, more: Omit<SidecarConfig, 'name' | 'main'> = {}): Omit<SidecarConfig, 'name'> =>
	({main: {command: command('main'), watch}, ...more});

test('a burst of changes restarts main once, `debounce` after the last change, through its stop path', async t => {
	const unit = await watchedUnit(mainWatching({paths: ['src'], debounce: '300ms'}));
	t.is(unit.trees.length, 1);
	t.deepEqual(unit.trees[0]!.options.paths, ['/tmp/src']);
	const first = unit.child('main').pid;
	unit.child('main').ignores.add('SIGTERM'); // It lets go when the test says.
	for (let write = 0; write < 50; write++) {
		await unit.change(unit.trees[0]!, [`/tmp/src/file-${write}.js`]);
		await unit.clock.advance(2); // 50 writes in 100 ms.
	}

	await unit.clock.advance(297); // The last change was at 98.
	t.deepEqual(unit.signalled(), [], 'nothing before the burst has been quiet for 300 ms');
	await unit.clock.advance(1);
	t.deepEqual(unit.signalled(), ['398 main SIGTERM'], 'the old main is stopped first');
	t.is(unit.spawned('main'), 1, 'and the new one is not spawned while the old one runs');
	await unit.child('main').exit({code: null, signal: 'SIGTERM'});
	t.is(unit.spawned('main'), 2);
	t.not(unit.child('main').pid, first);
	await unit.clock.advance(5000);
	t.deepEqual(unit.acted, ['0 main watching', '398 main watch-fired 50', '1398 main watch-acted restarted'], 'restarted once the new main is ready');
	t.like(unit.watchOf('main'), {state: 'watching', directories: 3, actions: 1, lastFile: '/tmp/src/file-49.js', lastResult: 'restarted'});
	t.is(unit.supervisor.process('main')!.restarts, 0, 'a watch restart is no crash restart: counted apart');
	await unit.stop();
	t.true(unit.trees[0]!.closed, 'the tree is closed with the unit');
	t.is(unit.clock.pending, 0, 'no timer outlives the unit');
});

test('changes during a restart queue exactly one more restart', async t => {
	const unit = await watchedUnit(mainWatching({paths: ['src'], debounce: '100ms'}));
	unit.child('main').ignores.add('SIGTERM');
	await unit.change(unit.trees[0]!, ['/tmp/src/a.js']);
	await unit.clock.advance(100);
	t.deepEqual(unit.signalled(), ['100 main SIGTERM']);
	await unit.change(unit.trees[0]!, ['/tmp/src/b.js', '/tmp/src/c.js']);
	await unit.change(unit.trees[0]!, ['/tmp/src/d.js']);
	await unit.child('main').exit({code: null, signal: 'SIGTERM'});
	t.is(unit.spawned('main'), 2);
	await unit.clock.advance(1000); // The new main is ready (alive 1 s): the queued changes act, once.
	t.deepEqual(unit.signalled(), ['100 main SIGTERM', '1100 main SIGTERM']);
	await unit.clock.advance(5000);
	t.is(unit.spawned('main'), 3, 'one more, not one per change');
	t.is(unit.watchOf('main')!.actions, 2);
	await unit.stop();
});

test('a stream of changes that never goes quiet acts after ten debounce periods', async t => {
	const unit = await watchedUnit(mainWatching({paths: ['src'], debounce: '100ms'}));
	for (let tick = 0; tick < 20; tick++) {
		await unit.change(unit.trees[0]!, ['/tmp/src/log.txt']);
		await unit.clock.advance(50);
	}

	t.deepEqual(unit.signalled(), ['1000 main SIGTERM']);
	await unit.stop();
});

test('{exec, then}: a failed step leaves the process as it is and carries its stderr tail; a passing one restarts', async t => {
	let pass = false;
	const unit = await watchedUnit(mainWatching({paths: ['src'], action: {exec: ['npm', 'run', 'build'], then: 'restart'}}), 'dev', async () =>
		pass ? {ok: true} : {ok: false, reason: 'exit code 2', stderr: `${Array.from({length: 30}, (_, line) => `line ${line}`).join('\n')}\n`});
	const events: unknown[] = [];
	unit.events.on('watch-acted', event => events.push(event));
	await unit.change(unit.trees[0]!, ['/tmp/src/a.ts']);
	await unit.clock.advance(300);
	t.deepEqual(unit.steps, [['npm', 'run', 'build']]);
	t.deepEqual(unit.signalled(), [], 'the running main is left alone');
	t.is(unit.spawned('main'), 1);
	t.deepEqual(events, [{event: 'watch-acted', name: 'main', result: 'step failed', reason: 'exit code 2', stderr: Array.from({length: 20}, (_, line) => `line ${line + 10}`)}]);
	t.like(unit.watchOf('main'), {lastResult: 'step failed', actions: 0});
	pass = true;
	await unit.change(unit.trees[0]!, ['/tmp/src/a.ts']);
	await unit.clock.advance(300);
	t.deepEqual(unit.signalled(), ['600 main SIGTERM']);
	await unit.stop();
});

test('a signal action reaches the process itself, or with to: group its process group; the default is when: always', async t => {
	const unit = await watchedUnit({sidecars: {
		nginx: {command: command('nginx'), watch: {paths: ['/etc/nginx'], action: {exec: 'nginx -t', then: {signal: 'SIGHUP'}}}},
		proxy: {command: command('proxy'), watch: {paths: ['/etc/proxy.conf'], action: {signal: 'SIGUSR2', to: 'group'}}},
	}}, 'always');
	t.is(unit.trees.length, 2, 'both run without --watch: a signal watch defaults to when: always');
	await unit.clock.advance(1000); // The sidecars are ready, main runs.
	unit.child('nginx').ignores.add('SIGHUP');
	unit.child('proxy').ignores.add('SIGUSR2');
	await unit.change(unit.trees[0]!, ['/etc/nginx/nginx.conf']);
	await unit.change(unit.trees[1]!, ['/etc/proxy.conf']);
	await unit.clock.advance(300);
	t.deepEqual(unit.steps, [['/bin/sh', '-c', 'nginx -t']]);
	const pids = unit.kills.filter(({signal}) => signal === 'SIGHUP' || signal === 'SIGUSR2').map(({pid, signal}) => `${pid} ${signal}`).sort();
	t.deepEqual(pids, [`${unit.child('nginx').pid} SIGHUP`, `-${unit.child('proxy').pid} SIGUSR2`].sort());
	t.is(unit.spawned('nginx'), 1);
	await unit.stop();
});

test('the mode picks the watches: always runs only when: always ones, off none, dev all', async t => {
	const input = {main: {command: command('main'), watch: {paths: ['src']}}, sidecars: {conf: {command: command('conf'), watch: {paths: ['c'], when: 'always' as const}}}};
	for (const [mode, opened] of [['always', ['/tmp/c']], ['off', []], ['dev', ['/tmp/src', '/tmp/c']]] as const) {
		const unit = await watchedUnit(input, mode);
		t.deepEqual(unit.trees.map(tree => tree.options.paths[0]), opened, mode);
		t.is(unit.watchOf('main') === undefined, !opened.includes('/tmp/src' as never), mode);
		await unit.stop();
	}
});

test('cascade: the processes that depend on the watched one restart after it is ready again', async t => {
	const unit = await watchedUnit({
		main: {command: command('main'), dependsOn: ['api']},
		sidecars: {api: {command: command('api'), watch: {paths: ['api'], cascade: true}}, other: {command: command('other')}},
	});
	await unit.clock.advance(2000); // api ready at 1 s, main at 2 s.
	await unit.change(unit.trees[0]!, ['/tmp/api/x.js']);
	await unit.clock.advance(300);
	t.deepEqual(unit.signalled(), ['2300 api SIGTERM'], 'main waits for the new api to be ready');
	await unit.clock.advance(1000);
	t.deepEqual(unit.signalled(), ['2300 api SIGTERM', '3300 main SIGTERM']);
	await unit.clock.advance(1000);
	t.is(unit.spawned('main'), 2);
	t.is(unit.spawned('other'), 1, 'what does not depend on it is left alone');
	await unit.stop();
});

test(`a feedback loop: ${LOOP_ACTIONS} actions in a row each set off right after the last suspend the watch with an event`, async t => {
	const unit = await watchedUnit(mainWatching({paths: ['.'], action: {signal: 'SIGHUP'}}));
	unit.child('main').ignores.add('SIGHUP');
	for (let round = 0; round < LOOP_ACTIONS; round++) {
		await unit.change(unit.trees[0]!, ['/tmp/state.json']);
		await unit.clock.advance(300);
	}

	t.is(unit.kills.filter(({signal}) => signal === 'SIGHUP').length, LOOP_ACTIONS - 1);
	t.deepEqual(unit.acted.at(-1), `${(LOOP_ACTIONS * 300)} main watch-suspended`);
	t.true(unit.trees[0]!.closed);
	t.like(unit.watchOf('main'), {state: 'suspended', lastFile: '/tmp/state.json'});
	await unit.change(unit.trees[0]!, ['/tmp/state.json']);
	await unit.clock.advance(1000);
	t.is(unit.kills.filter(({signal}) => signal === 'SIGHUP').length, LOOP_ACTIONS - 1, 'nothing more');
	await unit.stop();
});

test('changes a few seconds apart are no loop: every one acts', async t => {
	const unit = await watchedUnit(mainWatching({paths: ['.'], action: {signal: 'SIGHUP'}}));
	unit.child('main').ignores.add('SIGHUP');
	for (let round = 0; round < 2 * LOOP_ACTIONS; round++) {
		await unit.change(unit.trees[0]!, ['/tmp/app.conf']);
		await unit.clock.advance(3000);
	}

	t.is(unit.kills.filter(({signal}) => signal === 'SIGHUP').length, 2 * LOOP_ACTIONS);
	t.is(unit.watchOf('main')!.state, 'watching');
	await unit.stop();
});

test('a watch limit: one watch-failed event, the tree closed, the process runs on', async t => {
	const unit = await watchedUnit(mainWatching({paths: ['src']}));
	const failed: unknown[] = [];
	unit.events.on('watch-failed', event => failed.push(event));
	unit.trees[0]!.failed({code: 'ENOSPC', directory: '/tmp/src/deep', limit: 'fs.inotify.max_user_watches', message: 'no space for another inotify watch'});
	await settle();
	t.deepEqual(failed, [{event: 'watch-failed', name: 'main', code: 'ENOSPC', directory: '/tmp/src/deep', limit: 'fs.inotify.max_user_watches', reason: 'no space for another inotify watch'}]);
	t.true(unit.trees[0]!.closed);
	t.is(unit.watchOf('main')!.state, 'failed');
	await unit.clock.advance(1000);
	t.is(unit.supervisor.process('main')!.state, 'running', 'main runs on, unwatched');
	await unit.stop();
});

test('the unit\'s log files are never acted on, nor their rotations', async t => {
	const unit = await watchedUnit(mainWatching({paths: ['.']}, {sidecars: {logger: {command: command('logger'), logs: {file: '/tmp/logger.log'}}}}));
	t.deepEqual(unit.trees[0]!.options.exclude, ['/tmp/logger.log']);
	await unit.change(unit.trees[0]!, ['/tmp/logger.log', '/tmp/logger.log.1']);
	await unit.clock.advance(1000);
	t.deepEqual(unit.signalled(), []);
	await unit.stop();
});

test('SIGTERM while a burst settles: no action, the tree closed, no timer left', async t => {
	const unit = await watchedUnit(mainWatching({paths: ['src']}));
	await unit.change(unit.trees[0]!, ['/tmp/src/a.js']);
	await unit.clock.advance(100);
	await unit.stop();
	t.deepEqual(unit.signalled(), ['100 main SIGTERM'], 'only the stop');
	t.true(unit.trees[0]!.closed);
	t.is(unit.clock.pending, 0);
	t.is(unit.outcome.code, 143);
});

test('a watch on a replicated sidecar is one watch for the group: a rolling restart of its instances', async t => {
	const unit = await watchedUnit({sidecars: {worker: {command: command('worker'), replicas: 2, watch: {paths: ['w']}}}});
	t.is(unit.trees.length, 1);
	await unit.clock.advance(1000);
	await unit.change(unit.trees[0]!, ['/tmp/w/job.js']);
	await unit.clock.advance(300);
	t.deepEqual(unit.signalled(), ['1300 worker SIGTERM'], 'one instance at a time');
	await unit.clock.advance(1000);
	t.deepEqual(unit.signalled(), ['1300 worker SIGTERM', '2300 worker SIGTERM'], 'the next once the first is ready again');
	t.like(unit.watchOf('worker-1'), {state: 'watching'});
	await unit.stop();
});

test('a reload starts every watch anew: a suspended one watches again, a removed one stops', async t => {
	const first = mainWatching({paths: ['.'], action: {signal: 'SIGHUP'}}, {sidecars: {conf: {command: command('conf'), watch: {paths: ['/etc/conf'], action: {signal: 'SIGHUP'}}}}});
	const second = mainWatching({paths: ['.'], action: {signal: 'SIGHUP'}}, {sidecars: {conf: {command: command('conf')}}});
	const unit = await watchedUnit(first, 'dev', undefined, second);
	await unit.clock.advance(1000);
	unit.child('main').ignores.add('SIGHUP');
	for (let round = 0; round < LOOP_ACTIONS; round++) {
		await unit.change(unit.trees[0]!, ['/tmp/state.json']);
		await unit.clock.advance(300);
	}

	t.is(unit.watchOf('main')!.state, 'suspended');
	const reloading = track(unit.supervisor.dispatch({type: 'reload'}), () => unit.clock.now);
	for (let step = 0; step < 10 && reloading.at === undefined; step++) {
		await unit.clock.advance(500); // conf changed: it restarts, and is ready 1 s later.
	}

	t.truthy(reloading.value, 'the reload is done');
	t.true(unit.trees[1]!.closed, 'the removed watch is closed');
	t.is(unit.trees.length, 3);
	t.deepEqual(unit.trees[2]!.options.paths, ['/tmp'], 'main\'s watch anew (main\'s own changes wait for a restart of the unit)');
	t.like(unit.watchOf('main'), {state: 'watching', actions: 0});
	t.is(unit.watchOf('conf'), undefined);
	await unit.change(unit.trees[2]!, ['/tmp/state.json']);
	await unit.clock.advance(300);
	t.is(unit.kills.filter(({signal}) => signal === 'SIGHUP').length, LOOP_ACTIONS);
	await unit.stop();
});
