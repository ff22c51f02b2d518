import test from 'ava';
import {childrenIndex, descendants, parseCpuTime, readProcessTable, readPsTable, type ProcessEntry} from '../../lib/limits/process-tree.js';
import {fixture, start, waitFor} from './_helpers.js';

test('one snapshot of /proc holds this process with its parent, state, ticks and rss', async t => {
	const table = await readProcessTable();
	const self = table.get(process.pid);
	t.is(self?.ppid, process.ppid);
	t.is(self?.state, 'R');
	t.true(self!.ticks > 0);
	t.true(self!.rss > 10 * 1024 * 1024);
});

test('descendants follow the whole tree, root first', async t => {
	const {pid} = await start(t, fixture('hog-memory-forks.js', 2, 4), /hog 4 MiB[\s\S]*hog 4 MiB/);
	const tree = await waitFor(async () => {
		const pids = descendants(await readProcessTable(), pid);
		return pids.length === 3 ? pids : undefined;
	});
	t.is(tree[0], pid);
});

test('descendants of a pid that is gone is empty', t => {
	t.deepEqual(descendants(new Map(), 1234), []);
});

test('the children index groups by parent', t => {
	const entry = (pid: number, ppid: number): ProcessEntry => ({pid, ppid, state: 'S', ticks: 0, childTicks: 0, rss: 0, starttime: 0});
	const table = new Map([[1, entry(1, 0)], [2, entry(2, 1)], [3, entry(3, 1)], [4, entry(4, 3)]]);
	t.deepEqual(childrenIndex(table).get(1), [2, 3]);
	t.deepEqual(descendants(table, 3), [3, 4]);
});

const cpuTime = test.macro((t, text: string, ticks: number) => {
	t.is(parseCpuTime(text), ticks);
});
test('procps time', cpuTime, '00:01:02', 6200);
test('procps time with days', cpuTime, '1-00:00:01', 8_640_100);
test('BSD time with hundredths', cpuTime, '0:01.50', 150);

test('the ps fallback reads the same table', async t => {
	const table = await readPsTable();
	t.is(table.get(process.pid)?.ppid, process.ppid);
	t.true(table.get(process.pid)!.rss > 0);
});
