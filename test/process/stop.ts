import {readdirSync, readFileSync} from 'node:fs';
import {setTimeout as sleep} from 'node:timers/promises';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import {pruneEmptyGroups} from '../../lib/process/group.js';
import {killTree, stopGroup, stopLeftoverGroups} from '../../lib/process/stop.js';
import {descendants, procRoot, readProcTable} from '../../lib/proc/proc-table.js';
import {startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {cpuMeter} from '../helpers/proc-usage.js';
import {survivors} from '../helpers/processes.js';
import {makeProject} from '../helpers/project.js';
import {runtimeDir, uniqueName} from '../helpers/unit.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';

// Live processes whose environment holds `entry` (every descendant inherits it, whatever group or session it is in).
function carrying(entry: string): number[] {
	const pids: number[] = [];
	for (const name of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
		try {
			if (readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(entry) && survivors([Number(name)]).length > 0) {
				pids.push(Number(name));
			}
		} catch {} // Gone, or a kernel thread.
	}

	return pids;
}

const killCarrying = (entry: string) => {
	for (const pid of carrying(entry)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	}
};

// A storm in its own process group, as the supervisor starts children, once it has forked `count` detached sleeps.
async function startStorm(t: ExecutionContext, count: number) {
	const marker = `STORM=${process.pid}-${Math.random()}`;
	const [file, ...args] = fixture('fork-storm.js');
	const storm = execa(file!, args, {detached: true, reject: false, env: {STORM: marker.slice(6)}});
	t.teardown(() => {
		storm.kill('SIGKILL');
		killCarrying(marker);
	});
	await waitForLine(storm.stdout, /storm \d+/);
	await waitFor(() => descendants(readProcTable(), storm.pid!).length > count, 20_000, `${count} forked sleeps`);
	return {storm, marker, exited: storm.then(() => undefined)};
}

const stormIsKilledWhole = test.macro(async (t, portable: boolean) => {
	const {storm, marker} = await startStorm(t, 30);
	await killTree(storm.pid!, false, portable ? null : procRoot());
	await waitFor(() => carrying(marker).length === 0, 5000, 'every sleep to die').catch(() => {});
	t.deepEqual(carrying(marker), [], 'a detached child forked during the kill escaped');
});

// A child that forks faster than it is killed: sleeps forked between a listing and the SIGKILL of their parent would be
// reparented out of the tree and live on; the tree is stopped first (a stopped process cannot fork), then killed.
test.serial('a tree forking detached children as fast as it can is killed whole, from /proc', stormIsKilledWhole, false);
test.serial('a tree forking detached children as fast as it can is killed whole, with tree-kill (no /proc table)', stormIsKilledWhole, true);

test.serial('stopGroup SIGKILLs a SIGTERM-ignoring storm after its timeout and reports it', async t => {
	const {storm, marker, exited} = await startStorm(t, 10);
	t.is(await stopGroup(storm.pid!, 'SIGTERM', 300, exited), 'killed');
	await waitFor(() => carrying(marker).length === 0, 5000, 'every sleep to die').catch(() => {});
	t.deepEqual(carrying(marker), []);
});

test('a leader that exits on the stop signal while a grandchild ignores it: the group is SIGKILLed at the timeout', async t => {
	const grandchild = `${process.execPath} -e "process.on('SIGTERM', () => {}); console.log('grandchild', process.pid); setInterval(() => {}, 1e9)"`;
	const leader = execa('/bin/sh', ['-c', `${grandchild} & wait`], {detached: true, reject: false});
	t.teardown(() => {
		leader.kill('SIGKILL');
	});
	const [, pid] = await waitForLine(leader.stdout, /grandchild (\d+)/);
	t.teardown(() => survivors([Number(pid)]).forEach(alive => process.kill(alive, 'SIGKILL')));
	const since = performance.now();
	t.is(await stopGroup(leader.pid!, 'SIGTERM', 800, leader.then(() => undefined)), 'killed');
	t.true(performance.now() - since >= 700);
	t.is((await leader).signal, 'SIGTERM', 'the leader itself went at the stop signal');
	await waitFor(() => survivors([Number(pid)]).length === 0, 3000, 'the grandchild to die').catch(() => {});
	t.deepEqual(survivors([Number(pid)]), []);
});

// Between a child's exit and the moment the unit sees it, its pid can go to another process: a kill must not follow it.
test('a root that is not the supervisor\'s child (a reaped pid, recycled) is never killed, nor its group', async t => {
	const forever = fixture('forever.js')[1]!;
	const script = `const c = require('child_process').spawn(process.execPath, [${JSON.stringify(forever)}], {detached: true, stdio: 'ignore'}); console.log('stranger', c.pid); setInterval(() => {}, 1e9)`;
	const parent = execa(process.execPath, ['-e', script], {reject: false});
	const [, pid] = await waitForLine(parent.stdout, /stranger (\d+)/);
	t.teardown(() => {
		parent.kill('SIGKILL');
		survivors([Number(pid)]).forEach(alive => process.kill(alive, 'SIGKILL'));
	});
	await killTree(Number(pid), false);
	await killTree(Number(pid), true);
	t.deepEqual(survivors([Number(pid)]), [Number(pid)]);
});

// The groups of earlier spawns are ids of processes that have exited: once such a group empties, its id can go to a new
// process. One that runs under it is not ours, and must not get the stop signal.
test('a leftover group whose id is in use by a running leader (a recycled pid) is left alone', async t => {
	const [file, ...args] = fixture('forever.js');
	const stranger = execa(file!, args, {detached: true, reject: false});
	t.teardown(() => {
		stranger.kill('SIGKILL');
	});
	await waitForLine(stranger.stdout, /pid \d+/);
	await stopLeftoverGroups([stranger.pid!], 'SIGTERM', 200);
	t.deepEqual(survivors([stranger.pid!]), [stranger.pid!]);
});

test('empty groups are forgotten as their leaders exit; a group still holding a process is kept', async t => {
	const [file, ...args] = fixture('forever.js');
	const running = execa(file!, args, {detached: true, reject: false});
	t.teardown(() => {
		running.kill('SIGKILL');
	});
	await waitForLine(running.stdout, /pid \d+/);
	const gone = execa(file!, args, {detached: true, reject: false});
	await waitForLine(gone.stdout, /pid \d+/);
	gone.kill('SIGKILL');
	await gone;
	const groups = new Set([running.pid!, gone.pid!]);
	pruneEmptyGroups(groups);
	t.deepEqual([...groups], [running.pid!]);
});

// A group leader that exits while grandchildren remain: each spawn of this sidecar leaves a SIGTERM-ignoring grandchild in
// its own group. At stop, the groups are stopped together (one stopTimeout, not one each), polled cheaply meanwhile.
test('lingering groups of earlier spawns are stopped together, cheaply, and none survives', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		name: uniqueName('lingering'),
		main: {command: fixture('forever.js')},
		sidecars: {tree: {command: fixture('fork-tree.js', 'exit'), start: 'after', stopTimeout: '2s', backoff: {initial: '50ms', factor: 1}, maxRestarts: {count: 3, window: '60s'}}},
	}});
	const supervisor = startCli(t, ['run'], {cwd, env: {XDG_RUNTIME_DIR: runtimeDir(t)}});
	let output = '';
	supervisor.stdout!.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	await waitFor(() => /sidecar +\| tree fatal/.test(output), 20_000, 'four spawns of the tree, then fatal');
	const grandchildren = [...output.matchAll(/tree \d+ (\d+)/g)].map(match => Number(match[1]));
	t.teardown(() => survivors(grandchildren).forEach(pid => process.kill(pid, 'SIGKILL')));
	t.is(survivors(grandchildren).length, 4);
	const stoppedAt = performance.now();
	process.kill(supervisor.pid!, 'SIGTERM'); // Not execa's kill(): it would SIGKILL a supervisor still stopping after 5 s.
	await waitForLine(supervisor.stdout!, /main stopped/);
	const meter = cpuMeter(supervisor.pid!);
	await sleep(1500); // The measuring window, inside the groups' 2 s stopTimeout.
	const cores = meter();
	const {exitCode} = await supervisor;
	const took = performance.now() - stoppedAt;
	t.log(`${grandchildren.length} lingering groups stopped in ${took.toFixed(0)} ms, supervisor at ${cores.toFixed(3)} cores`);
	t.is(exitCode, 143);
	t.deepEqual(survivors(grandchildren), []);
	t.true(took < 6000, `one stopTimeout (2 s) for all groups, not 2 s for each: ${took.toFixed(0)} ms`);
	t.true(cores < 0.15, `the supervisor's cpu while it waits: ${cores.toFixed(3)} cores`);
});
