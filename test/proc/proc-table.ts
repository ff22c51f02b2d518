import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {childrenIndex, descendants, isGone, procRoot, readProcEntry, readProcTable, type ProcEntry} from '../../lib/proc/proc-table.js';
import {fixture, start, waitFor} from '../limits/_helpers.js';
import {makeProject} from '../helpers/project.js';

test('one pass over /proc holds this process with its parent, group, state, ticks, rss and start time', t => {
	const table = readProcTable();
	const self = table.get(process.pid);
	t.is(self?.ppid, process.ppid);
	t.is(self?.state, 'R');
	t.is(self?.pgrp, readProcEntry(process.pid)?.pgrp);
	t.true(self!.ticks > 0);
	t.true(self!.rss > 10 * 1024 * 1024);
	t.true(self!.start > 0);
	t.is(readProcEntry(process.pid)?.start, self!.start);
});

test('a command with spaces and parentheses is read from the last parenthesis; a process gone mid-pass is skipped', t => {
	const root = makeProject(t);
	mkdirSync(path.join(root, '42'));
	mkdirSync(path.join(root, 'self'));
	writeFileSync(path.join(root, 'self', 'stat'), '');
	// proc(5) fields 1-24: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ... starttime vsize rss
	writeFileSync(path.join(root, '42', 'stat'), '42 (a) b (c) S 7 42 42 0 -1 0 0 0 0 0 30 12 5 3 20 0 1 0 9999 1000 25 18446744073709551615\n');
	mkdirSync(path.join(root, '43')); // Listed, then gone before its stat was read.
	t.deepEqual([...readProcTable(root).keys()], [42]);
	t.deepEqual(readProcTable(root).get(42), {pid: 42, ppid: 7, pgrp: 42, state: 'S', ticks: 42, childTicks: 8, rss: 25 * 4096, start: 9999});
	t.is(procRoot({}, root), root);
	t.is(procRoot({SIDECAR_PROC_TABLE: 'off'}, root), null, 'the switch turns the table off');
	t.is(procRoot({}, path.join(root, 'nowhere')), null, 'a host without /proc has none');
});

test('a process that is gone reads as undefined and counts as gone', t => {
	t.is(readProcEntry(4_194_303), undefined);
	t.true(isGone(undefined));
	t.true(isGone({state: 'Z'}));
	t.false(isGone({state: 'S'}));
});

test('descendants follow the whole tree, root first', async t => {
	const {pid} = await start(t, fixture('hog-memory-forks.js', 2, 4), /hog 4 MiB[\s\S]*hog 4 MiB/);
	const tree = await waitFor(() => {
		const pids = descendants(readProcTable(), pid);
		return pids.length === 3 ? pids : undefined;
	});
	t.is(tree[0], pid);
});

test('descendants of a pid that is gone is empty', t => {
	t.deepEqual(descendants(new Map(), 1234), []);
});

const entry = (pid: number, ppid: number): ProcEntry => ({pid, ppid, pgrp: pid, state: 'S', ticks: 0, childTicks: 0, rss: 0, start: 0});

test('the children index groups by parent', t => {
	const table = new Map([[1, entry(1, 0)], [2, entry(2, 1)], [3, entry(3, 1)], [4, entry(4, 3)]]);
	t.deepEqual(childrenIndex(table).get(1), [2, 3]);
	t.deepEqual(descendants(table, 3), [3, 4]);
});

test('a parent link that loops back (a pid recycled during a pass) cannot make descendants loop', t => {
	const table = new Map([[5, entry(5, 6)], [6, entry(6, 5)]]);
	t.deepEqual(descendants(table, 5), [5, 6]);
});
