import {mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {spawnSync} from 'node:child_process';
import test from 'ava';
import {execa} from 'execa';
import {ownChildren, ZombieReaper, zombiesToReap} from '../../lib/host/reaper.js';
import type {ProcEntry} from '../../lib/proc/proc-table.js';
import {BIN, stripAnsi} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';

const zombie = (pid: number, start = 100): ProcEntry => ({pid, ppid: 1, pgrp: pid, state: 'Z', ticks: 0, childTicks: 0, rss: 0, start});

test('a zombie is reaped on its second sighting, not its first', t => {
	const first = zombiesToReap(new Map(), [zombie(7)], () => false);
	t.deepEqual(first.reap, []);
	t.deepEqual(zombiesToReap(first.seen, [zombie(7)], () => false).reap, [7]);
});

test('a zombie Node spawned itself is never reaped: libuv waits for its status', t => {
	const first = zombiesToReap(new Map(), [zombie(7)], pid => pid === 7);
	t.deepEqual(zombiesToReap(first.seen, [zombie(7)], pid => pid === 7).reap, []);
});

test('a pid that is another zombie than last time (a later start) waits for its own second sighting', t => {
	t.deepEqual(zombiesToReap(new Map([[7, 100]]), [zombie(7, 250)], () => false).reap, []);
});

test('a running child is never reaped', t => {
	t.deepEqual(zombiesToReap(new Map([[7, 100]]), [{...zombie(7), state: 'S'}], () => false).reap, []);
});

// A fake /proc: the supervisor (pid 5) with children 10 (Node's) and 11 (adopted), and 12, init's; `children` files or none.
function fakeProc(root: string, withChildrenFiles: boolean): void {
	for (const [pid, ppid] of [[5, 1], [10, 5], [11, 5], [12, 1]]) {
		mkdirSync(path.join(root, String(pid), 'task', String(pid)), {recursive: true});
		writeFileSync(path.join(root, String(pid), 'stat'), `${pid} (p) Z ${ppid} ${pid} ${pid} 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 ${pid * 10} 1000 1\n`);
	}

	if (withChildrenFiles) {
		writeFileSync(path.join(root, '5', 'task', '5', 'children'), '10 11 ');
	}
}

for (const withChildrenFiles of [true, false]) {
	test(`a scan reads the children Node did not spawn, not the sidecars (${withChildrenFiles ? 'children files' : 'a pass over /proc'})`, t => {
		const root = path.join(makeProject(t), 'proc');
		fakeProc(root, withChildrenFiles);
		t.deepEqual(ownChildren(5, root).map(({pid}) => pid).sort(), [10, 11]);
		t.deepEqual(ownChildren(5, root, pid => pid === 10).map(({pid}) => pid), [11]);
	});
}

test('the reaper hands its list the test of Node\'s own children, so they are never read', t => {
	const asked: number[][] = [];
	const reaper = new ZombieReaper(() => true, pid => pid === 10, skip => {
		asked.push([10, 11].filter(pid => !skip(pid)));
		return [];
	});
	reaper.scan();
	t.deepEqual(asked, [[11]]);
});

// A PID namespace of its own needs root (unshare(1)); elsewhere these tests skip.
const canUnshare = process.getuid?.() === 0 && spawnSync('unshare', ['--pid', '--fork', '--mount-proc', '/bin/true']).status === 0;
const asPid1 = canUnshare ? test : test.skip;
const inNamespace = (args: string[], cwd: string) => execa('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, BIN, ...args], {
	cwd, reject: false, env: {NO_COLOR: '1', XDG_RUNTIME_DIR: ''},
});

asPid1('as PID 1, 100 grandchildren that outlive their parents leave no zombie 2 s after they die, and the unit exits with main\'s code', async t => {
	// main forks 100 orphans that die 0.1 s later, counts the zombies of its PID namespace 2 s after, and exits 3.
	const result = await inNamespace(['run', '--', ...fixture('orphan-zombies.js', '100')], makeProject(t));
	t.regex(stripAnsi(String(result.stdout)), /main\s+\| zombies 0\b/, String(result.stdout));
	t.is(result.exitCode, 3);
});

// The supervisor as its namespace sees it (PID 1) is unshare's child here.
const childOf = (pid: number): number | undefined => {
	for (const task of readdirSync(`/proc/${pid}/task`)) {
		const [child] = readFileSync(`/proc/${pid}/task/${task}/children`, 'latin1').split(' ').filter(Boolean);
		if (child !== undefined) {
			return Number(child);
		}
	}

	return undefined;
};

asPid1('as PID 1, SIGTERM stops the unit gracefully and SIGHUP is forwarded to main, as docs/lifecycle.md says', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {main: {command: fixture('print-signals.js')}, signals: {SIGHUP: 'main'}}});
	const supervisor = inNamespace(['run'], cwd);
	t.teardown(() => supervisor.kill('SIGKILL'));
	await waitForLine(supervisor.stdout!, /listening/);
	const pid1 = await waitFor(() => childOf(supervisor.pid!), 5000, 'the supervisor in its namespace');
	process.kill(pid1, 'SIGHUP');
	await waitForLine(supervisor.stdout!, /got SIGHUP/);
	process.kill(pid1, 'SIGTERM');
	const result = await supervisor;
	t.is(result.exitCode, 0, 'main exits 0 on SIGTERM: the unit exits with main\'s code');
});
