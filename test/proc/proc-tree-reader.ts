import {existsSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {descendants, listPids, readProcTable} from '../../lib/proc/proc-table.js';
import {ProcTreeReader} from '../../lib/proc/proc-tree-reader.js';
import {start, waitFor} from '../limits/_helpers.js';
import {makeProject} from '../helpers/project.js';

const sh = (script: string) => ['/bin/sh', '-c', script];

test('after the first pass only the trees and new pids are read, and every member is in the table with its figures', async t => {
	const {pid} = await start(t, sh('sleep 600 & sleep 600 & echo up; wait'), /up/);
	const members = await waitFor(() => {
		const tree = descendants(readProcTable(), pid);
		return tree.length === 3 ? tree : undefined;
	});
	const reader = new ProcTreeReader();
	reader.read([pid]);
	const first = reader.reads;
	t.true(first >= listPids().length - 20, `the first pass reads everything: ${first}`);
	const table = reader.read([pid]);
	t.deepEqual(descendants(table, pid).sort(), [...members].sort());
	t.true(table.get(pid)!.rss > 0);
	t.true(reader.reads < first / 2, `a later pass reads ${reader.reads} files, the first read ${first}`);
});

test('a process forked into a tree after the first pass is found by the next', async t => {
	const flag = path.join(makeProject(t), 'fork');
	const {pid, output} = await start(t, sh(`echo up; while [ ! -f ${flag} ]; do sleep 0.05; done; sleep 600 & echo forked; wait`), /up/);
	const reader = new ProcTreeReader();
	reader.read([pid]);
	writeFileSync(flag, '');
	await waitFor(() => output().includes('forked'));
	const [child] = await waitFor(() => {
		const others = descendants(readProcTable(), pid).filter(member => member !== pid);
		return others.length === 1 ? others : undefined; // The last short sleep has ended: only `sleep 600` is left.
	});
	t.true(descendants(reader.read([pid]), pid).includes(child!));
});

test('a root watched after its children were listed has them in its tree', async t => {
	const {pid} = await start(t, sh('sleep 600 & echo up; wait'), /up/);
	await waitFor(() => descendants(readProcTable(), pid).length === 2);
	const reader = new ProcTreeReader();
	reader.read([]);
	reader.read([]); // An incremental pass: neither the shell nor its sleep is read.
	t.is(descendants(reader.read([pid]), pid).length, 2);
});

test('a member whose parent exits leaves the tree (it is reparented), and is read again to know it', async t => {
	// The middle shell starts a sleep and exits: the sleep's parent becomes init (or a subreaper), not the root.
	const {pid} = await start(t, sh('sh -c "sleep 600 & echo \\$!" ; echo up; sleep 600'), /up/);
	const reader = new ProcTreeReader();
	const orphan = await waitFor(() => [...readProcTable().values()].find(entry => entry.pgrp === pid && entry.pid !== pid && entry.ppid !== pid)?.pid);
	reader.read([pid]);
	const table = reader.read([pid]);
	t.false(descendants(table, pid).includes(orphan));
	t.teardown(() => {
		try {
			process.kill(orphan, 'SIGKILL');
		} catch {}
	});
});

// Issue 29: the members' stat files stay open between passes (a pread instead of open + read + close).
test('the members\' stat files are held open between passes, and let go when a member is reaped or the reader closes', async t => {
	const {pid} = await start(t, sh('sleep 600 & sleep 600 & echo up; wait'), /up/);
	const members = await waitFor(() => {
		const tree = descendants(readProcTable(), pid);
		return tree.length === 3 ? tree : undefined;
	});
	const reader = new ProcTreeReader();
	reader.read([pid]);
	t.is(reader.held, 1, 'the first pass is a full one: only the root\'s file is held, not one per process of the host');
	reader.read([pid]);
	t.is(reader.held, 3);
	const child = members.find(member => member !== pid)!;
	process.kill(child, 'SIGKILL');
	await waitFor(() => descendants(readProcTable(), pid).length === 2 || undefined); // The shell reaped it.
	const table = reader.read([pid]);
	t.deepEqual(descendants(table, pid).sort(), members.filter(member => member !== child).sort());
	t.is(reader.held, 2);
	reader.close();
	t.is(reader.held, 0);
});

// A fake /proc: stat lines of proc(5) and a loadavg whose fifth field is the last pid handed out.
function fakeProc(root: string, lastPid: number | null, processes: Array<[pid: number, ppid: number]>): void {
	rmSync(root, {recursive: true, force: true});
	mkdirSync(root, {recursive: true});
	if (lastPid !== null) {
		writeFileSync(path.join(root, 'loadavg'), `0.00 0.00 0.00 1/${processes.length} ${lastPid}\n`);
	}

	for (const [pid, ppid] of processes) {
		mkdirSync(path.join(root, String(pid)));
		writeFileSync(path.join(root, String(pid), 'stat'), `${pid} (p) S ${ppid} ${pid} ${pid} 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 ${pid * 10} 1000 1\n`);
	}
}

test('a pid handed out again after the pids wrapped is read again, and so joins the tree it now belongs to', t => {
	const root = path.join(makeProject(t), 'proc');
	fakeProc(root, 40, [[1, 0], [10, 1], [20, 10], [30, 1]]);
	const reader = new ProcTreeReader(root);
	reader.read([10]);
	reader.read([10]);
	t.is(reader.reads, 2, 'the tree alone: no pid was handed out, so 30 and 1 are not read');
	fakeProc(root, 45, [[1, 0], [10, 1], [20, 10], [30, 1]]);
	reader.read([10]);
	t.is(reader.reads, 7, 'the tree and the five pids handed out since (41–45), each tried');
	// 30 exited and its pid went, past pid_max, to a child of 10: the last pid (35) is below the previous one (45).
	fakeProc(root, 35, [[1, 0], [10, 1], [20, 10], [30, 10]]);
	t.deepEqual(descendants(reader.read([10]), 10).sort(), [10, 20, 30]);
});

test('without /proc/loadavg every pass reads everything, and every 60th pass does anyway', t => {
	const root = path.join(makeProject(t), 'proc');
	fakeProc(root, null, [[1, 0], [10, 1], [30, 1]]);
	const reader = new ProcTreeReader(root);
	reader.read([10]);
	reader.read([10]);
	t.is(reader.reads, 3);
	fakeProc(root, 30, [[1, 0], [10, 1], [30, 1]]);
	const reads: number[] = [];
	for (let pass = 0; pass < 121; pass++) {
		reader.read([10]);
		reads.push(reader.reads);
	}

	t.deepEqual(reads.map((count, pass) => [pass, count]).filter(([, count]) => count === 3).map(([pass]) => pass), [0, 58, 118]);
	t.true(existsSync(path.join(root, 'loadavg')));
});

test('more pids handed out than are worth trying one by one are found from the listing of /proc', t => {
	const root = path.join(makeProject(t), 'proc');
	fakeProc(root, 40, [[1, 0], [10, 1], [20, 10], [30, 1]]);
	const reader = new ProcTreeReader(root);
	reader.read([10]);
	// 460 pids handed out since: of those still running, 450 is a grandchild of 10 and 460 is not in the tree.
	fakeProc(root, 500, [[1, 0], [10, 1], [20, 10], [30, 1], [450, 20], [460, 30]]);
	const table = reader.read([10]);
	t.deepEqual(descendants(table, 10).sort((a, b) => a - b), [10, 20, 450]);
	t.is(reader.reads, 4, 'the tree (10, 20) and the two new pids /proc lists');
});

test('a root with a new pid (a restart) needs no full pass; one with an old pid gets one', t => {
	const root = path.join(makeProject(t), 'proc');
	fakeProc(root, 40, [[1, 0], [10, 1], [20, 10], [30, 1], [35, 30]]);
	const reader = new ProcTreeReader(root);
	reader.read([10]);
	fakeProc(root, 42, [[1, 0], [10, 1], [20, 10], [30, 1], [35, 30], [41, 1], [42, 41]]);
	t.deepEqual(descendants(reader.read([10, 41]), 41), [41, 42]);
	t.is(reader.reads, 4, 'the tree of 10 and the two new pids');
	t.deepEqual(descendants(reader.read([10, 41, 30]), 30), [30, 35]);
	t.is(reader.reads, 7, 'every process: 30 was not watched and its pid is old');
});
