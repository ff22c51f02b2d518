import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {descendants, readProcTable} from '../../lib/proc/proc-table.js';
import {SubtreeReader} from '../../lib/proc/subtree-reader.js';
import {start, waitFor} from '../limits/_helpers.js';
import {makeProject} from '../helpers/project.js';

// A fake /proc: stat lines of proc(5) and a loadavg whose fifth field is the last pid handed out.
function fakeProc(root: string, lastPid: number, processes: Array<[pid: number, ppid: number]>): void {
	rmSync(root, {recursive: true, force: true});
	mkdirSync(root, {recursive: true});
	writeFileSync(path.join(root, 'loadavg'), `0.00 0.00 0.00 1/${processes.length} ${lastPid}\n`);
	for (const [pid, ppid] of processes) {
		mkdirSync(path.join(root, String(pid)));
		writeFileSync(path.join(root, String(pid), 'stat'), `${pid} (p) S ${ppid} ${pid} ${pid} 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 ${pid * 10} 1000 1\n`);
	}
}

const sorted = (table: ReadonlyMap<number, unknown>) => [...table.keys()].sort((a, b) => a - b);

test('after the first read, a tree is read from its members and the pids handed out since, not from every process', t => {
	const root = path.join(makeProject(t), 'proc');
	const others = Array.from({length: 50}, (_, i): [number, number] => [100 + i, 1]);
	fakeProc(root, 200, [[1, 0], [10, 1], [20, 10], [30, 1], ...others]);
	const reader = new SubtreeReader(root);
	t.deepEqual(sorted(reader.read(10)), [10, 20]);
	t.is(reader.reads, 54, 'the first read is a full pass');
	t.deepEqual(sorted(reader.read(30)), [30]);
	t.is(reader.reads, 1, 'no pid handed out since: 30 alone');
	// 20 forked 203, which forked 205; 204 is someone else's.
	fakeProc(root, 205, [[1, 0], [10, 1], [20, 10], [30, 1], ...others, [203, 20], [204, 1], [205, 203]]);
	t.deepEqual(sorted(reader.read(10)), [10, 20, 203, 205]);
	t.is(reader.reads, 7, 'the members (10, 20) and the five new pids (201–205) tried');
});

test('a tree whose member exited is read without it, and a root newer than the full pass is found with its children', t => {
	const root = path.join(makeProject(t), 'proc');
	fakeProc(root, 40, [[1, 0], [10, 1], [20, 10]]);
	const reader = new SubtreeReader(root);
	reader.read(10);
	fakeProc(root, 43, [[1, 0], [10, 1], [41, 1], [43, 41]]);
	t.deepEqual(sorted(reader.read(10)), [10]);
	t.deepEqual(sorted(reader.read(41)), [41, 43]);
});

test('many pids handed out since, or pids that wrapped past pid_max, make a full pass again', t => {
	const root = path.join(makeProject(t), 'proc');
	fakeProc(root, 40, [[1, 0], [10, 1], [20, 10], [30, 1]]);
	const reader = new SubtreeReader(root);
	reader.read(10);
	fakeProc(root, 5000, [[1, 0], [10, 1], [20, 10], [30, 1], [4999, 20]]);
	t.deepEqual(sorted(reader.read(10)), [10, 20, 4999]);
	t.is(reader.reads, 5, 'a full pass');
	fakeProc(root, 35, [[1, 0], [10, 1], [20, 10], [30, 1], [4999, 20], [35, 20]]);
	t.deepEqual(sorted(reader.read(10)), [10, 20, 35, 4999]);
	t.is(reader.reads, 6, 'the last pid went down: the pids wrapped, a full pass');
});

test('on the real /proc the tree read is the tree of a full table', async t => {
	const sh = (script: string) => ['/bin/sh', '-c', script];
	const {pid} = await start(t, sh('sleep 600 & sleep 600 & echo up; wait'), /up/);
	await waitFor(() => descendants(readProcTable(), pid).length === 3 || undefined);
	const reader = new SubtreeReader();
	reader.read(process.pid);
	t.deepEqual(sorted(reader.read(pid)), [...descendants(readProcTable(), pid)].sort((a, b) => a - b));
	t.true(reader.reads < 100, `the second read tries the tree and the new pids only: ${reader.reads}`);
});
