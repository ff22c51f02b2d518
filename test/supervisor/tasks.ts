import {writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {isAlive, jsonLines} from '../helpers/processes.js';
import {makeProject} from '../helpers/project.js';
import {waitFor} from '../helpers/wait-for.js';
import {at, type Entry, logged, startUnit} from '../helpers/unit.js';

// `sidecar run --log-format json` to its end in a project with `config`: exit code, stderr, and its events.
async function runToEnd(t: Parameters<typeof makeProject>[0], config: (cwd: string) => Record<string, unknown>) {
	const cwd = makeProject(t);
	writeFileSync(path.join(cwd, 'sidecar.config.json'), JSON.stringify(config(cwd)));
	const result = await runCli(['run', '--log-format', 'json'], {cwd});
	const entries = jsonLines(result.stdout) as Entry[];
	const events = (name: string, event: string) => entries.filter(entry => entry.name === name && entry.event === event);
	return {...result, entries, events};
}

test('a migration task that fails twice, then succeeds, gates main: main starts after it completed', async t => {
	const run = await runToEnd(t, cwd => ({
		main: {command: fixture('exit.js', '0', '100')},
		sidecars: {migrate: {run: 'once', command: fixture('fail-times.js', path.join(cwd, 'runs'), '2'), backoff: {initial: 10}}},
	}));
	t.is(run.exitCode, 0, run.stderr);
	const exits = run.events('migrate', 'exited');
	t.deepEqual(exits.map(({code}) => code), [1, 1, 0]);
	t.deepEqual(exits.map(({stderr}) => stderr), [['run 1 failed'], ['run 2 failed'], undefined], 'the crash context travels with each failed exit');
	const [mainStart] = run.events('main', 'starting');
	t.true(at(mainStart!) >= at(exits[2]!), 'main started only after the task completed');
	t.is(run.events('migrate', 'starting').length, 3);
});

test('a task that keeps failing ends start-up with 69, naming it, its last exit and its stderr tail; main never starts', async t => {
	const run = await runToEnd(t, cwd => ({
		main: {command: fixture('forever.js')},
		sidecars: {migrate: {run: 'once', command: fixture('fail-times.js', path.join(cwd, 'runs'), '99', '3'), backoff: {initial: 10}, maxRestarts: {count: 2}}},
	}));
	t.is(run.exitCode, 69);
	t.deepEqual(run.stderr.trim().split('\n'), [
		'sidecar: unable to start migrate: it went fatal (2 restarts in 60s (maxRestarts.count 2), last exit code 3)',
		'sidecar: migrate\'s last stderr lines:',
		'sidecar:   run 3 failed',
	]);
	t.deepEqual(run.events('main', 'starting'), []);
	t.deepEqual(run.events('migrate', 'fatal')[0]!.stderr, ['run 3 failed']);
});

test('a task whose run outlasts its timeout has its whole tree killed, and start-up says why', async t => {
	const run = await runToEnd(t, () => ({
		main: {command: fixture('forever.js')},
		sidecars: {warm: {run: 'once', command: fixture('fork-tree.js'), timeout: '2s', stopTimeout: '300ms', restart: 'never'}},
	}));
	t.is(run.exitCode, 69);
	// 2 s, not less: the fixture must have installed its SIGTERM handler before the timeout's SIGTERM comes (a loaded CI
	// machine once took over 500 ms to start it, and the task then died of SIGTERM).
	t.regex(run.stderr, /^sidecar: unable to start warm: it exited \(signal SIGKILL: timed out after 2s\)$/m);
	const tree = run.entries.find(entry => entry.name === 'warm' && /^tree /.test(entry.line ?? ''))!.line!.split(' ').slice(1).map(Number);
	t.deepEqual(tree.filter(pid => isAlive(pid)), [], 'the task and its grandchild are gone');
	t.is(run.events('warm', 'stopping')[0]!.reason, 'timed out after 2s');
});

test('a shutdown task runs after main has exited and before the sidecars stop, in that order by timestamps', async t => {
	const run = await runToEnd(t, () => ({
		main: {command: fixture('exit.js', '0', '200')},
		sidecars: {
			side: {command: fixture('stamp.js'), readiness: {log: 'started'}},
			flush: {run: 'once', start: 'shutdown', command: fixture('stamp-once.js')},
		},
	}));
	t.is(run.exitCode, 0, run.stderr);
	const time = (name: string, pattern: RegExp) => Number(pattern.exec(run.entries.find(entry => entry.name === name && pattern.test(entry.line ?? ''))!.line!)![1]);
	const mainExited = at(run.events('main', 'exited')[0]!);
	const flushed = time('flush', /^flush ran (\d+)$/);
	const sideStopped = time('side', /^side stopped (\d+)$/);
	t.true(mainExited <= flushed, `main exited at ${mainExited}, the task ran at ${flushed}`);
	t.true(flushed <= sideStopped, `the task ran at ${flushed}, the sidecar stopped at ${sideStopped}`);
	t.true(at(run.events('flush', 'exited')[0]!) <= at(run.events('side', 'stopping')[0]!), 'the sidecar was signalled after the task ended');
});

test('a shutdown task that hangs is killed, tree and all, at its timeout; the sidecars then stop', async t => {
	const started = Date.now();
	const run = await runToEnd(t, () => ({
		main: {command: fixture('exit.js', '0', '200')},
		sidecars: {
			side: {command: fixture('stamp.js'), readiness: {log: 'started'}},
			hang: {run: 'once', start: 'shutdown', command: fixture('fork-tree.js'), timeout: '1s'},
		},
	}));
	t.is(run.exitCode, 0, run.stderr);
	t.is(run.events('hang', 'killing')[0]!.reason, 'shutdown task timed out after 1s');
	// A failure (docs/restarts.md), not a requested stop: no `stopped`, and its cause named.
	t.like(run.events('hang', 'exited')[0], {cause: 'timed out', stopped: undefined});
	const tree = run.entries.find(entry => entry.name === 'hang' && /^tree /.test(entry.line ?? ''))!.line!.split(' ').slice(1).map(Number);
	t.deepEqual(tree.filter(pid => isAlive(pid)), []);
	t.true(at(run.events('hang', 'exited')[0]!) <= at(run.events('side', 'stopping')[0]!));
	t.true(Date.now() - started < 15_000, 'the stop was not held past the timeout (stopTimeout 10 s would have been)');
});

test('neverRestartOn: [78] makes a sidecar fatal at its first such exit', async t => {
	const unit = await startUnit(t, {
		main: {command: fixture('forever.js')},
		sidecars: {bad: {command: fixture('exit.js', '78'), start: 'after', neverRestartOn: [78], backoff: {initial: 10}, maxRestarts: {count: 100}}},
	}, logged);
	const [fatal] = await unit.until('bad', 'fatal');
	t.is(fatal!.reason, 'exit code 78 is in neverRestartOn');
	// The exit was decided before it was applied: a restart would have been announced before `fatal`.
	t.is(unit.events('bad', 'starting').length, 1);
	const {stdout} = await runCli(['status', '--json'], {cwd: unit.cwd});
	t.like((JSON.parse(stdout) as {processes: Array<Record<string, unknown>>}).processes.find(({name}) => name === 'bad'), {state: 'fatal', lastExit: {code: 78}});
	t.deepEqual(unit.events('bad', 'restarting'), []);
	const {exitCode} = await unit.stop();
	t.is(exitCode, 143);
});

test('a sidecar that dies of the stop signal it was sent is not counted as a failure', async t => {
	const unit = await startUnit(t, {
		main: {command: fixture('exit.js', '0', '1500')},
		sidecars: {side: {command: fixture('forever.js'), readiness: {log: '.*'}}},
	}, logged);
	await unit.until('main', 'starting');
	const cli = await unit.supervisor;
	t.is(cli.exitCode, 0);
	const [exited] = unit.events('side', 'exited');
	t.like(exited, {signal: 'SIGTERM', stopped: true});
	t.is(exited!.stderr, undefined);
});

test('a critical \'after\' task that fails with restart \'never\' stops the unit with 70', async t => {
	const run = await runToEnd(t, () => ({
		main: {command: fixture('forever.js')},
		sidecars: {check: {run: 'once', start: 'after', restart: 'never', critical: true, command: fixture('exit.js', '4')}},
	}));
	t.is(run.exitCode, 70, run.stderr);
	t.is(run.events('check', 'fatal')[0]!.reason, 'exit code 4 with restart \'never\'');
	t.true(run.entries.some(({event, reason}) => event === 'stopping' && reason === 'critical sidecar check is fatal'));
});

test('a critical sidecar with restart \'never\' that exits 0 leaves the unit running; one that fails stops it with 70', async t => {
	const run = await runToEnd(t, () => ({
		main: {command: fixture('forever.js')},
		sidecars: {
			fine: {start: 'after', restart: 'never', critical: true, command: fixture('exit.js', '0')},
			broken: {start: 'after', restart: 'never', critical: true, command: fixture('exit.js', '3', '300')},
		},
	}));
	t.is(run.exitCode, 70, run.stderr);
	t.is(run.events('fine', 'fatal').length, 0);
	t.is(run.events('broken', 'fatal')[0]!.reason, 'exit code 3 with restart \'never\'');
});

test('status shows a completed task and its last exit', async t => {
	const unit = await startUnit(t, {
		main: {command: fixture('forever.js')},
		sidecars: {once: {run: 'once', command: fixture('exit.js', '0')}},
	}, logged);
	await unit.until('main', 'starting');
	const status = await waitFor(async () => {
		const {stdout} = await runCli(['status', '--json'], {cwd: unit.cwd});
		const entry = (JSON.parse(stdout || '{"processes": []}') as {processes: Array<Record<string, unknown>>}).processes.find(({name}) => name === 'once');
		return entry?.state === 'completed' ? entry : undefined;
	}, 10_000, 'the task to show as completed');
	t.like(status, {run: 'once', ready: true, pid: null, lastExit: {code: 0, signal: null, stderr: []}});
	await unit.stop();
});
