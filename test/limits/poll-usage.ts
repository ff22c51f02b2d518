import {readdirSync, readlinkSync} from 'node:fs';
import test from 'ava';
import {defaultUsageSource, pollUsage, UsagePoller, type TreeEntry, type UsageSource} from '../../lib/limits/poll-usage.js';
import {readProcTable} from '../../lib/proc/proc-table.js';
import {memoryAction} from '../../lib/limits/memory-action.js';
import {fixture, start, treeTicks, waitFor} from './_helpers.js';

const entry = (pid: number, ppid: number, ticks: number, rss: number): TreeEntry => ({pid, ppid, ticks, childTicks: 0, rss});

// A source that serves the given tables one per tick; roots read as the first table has them.
function scripted(tables: Array<Map<number, TreeEntry>>): UsageSource & {reads: number} {
	const source = {
		reads: 0,
		readTrees: async () => tables[source.reads++]!,
		readRoot: async (pid: number) => tables[0]!.get(pid),
	};
	return source;
}

test('cpu is the tree\'s tick delta over elapsed time; memory the sum of rss; one table read per tick', async t => {
	let now = 0;
	const source = scripted([
		new Map([[10, entry(10, 1, 100, 1000)], [11, entry(11, 10, 50, 500)], [20, entry(20, 1, 0, 7)]]),
		new Map([[10, entry(10, 1, 150, 1000)], [11, entry(11, 10, 100, 700)], [20, entry(20, 1, 10, 7)]]),
	]);
	const poller = new UsagePoller({source, now: () => now, ticksPerSecond: 100});
	poller.watch('a', 10);
	poller.watch('b', 20);
	await Promise.resolve(); // The watch-time reading of each root.
	t.deepEqual(poller.latest('a'), {rootPid: 10, cpu: 0, memory: 1000, pids: [10], cpuSeconds: 0}, 'figures before the first tick');
	now = 1000;
	const first = await poller.sample();
	t.deepEqual(first.get('a'), {rootPid: 10, cpu: 0.5, memory: 1500, pids: [10, 11], cpuSeconds: 0.5}, 'the child counts from its first reading');
	now = 2000;
	const second = await poller.sample();
	t.deepEqual(second.get('a'), {rootPid: 10, cpu: 1, memory: 1700, pids: [10, 11], cpuSeconds: 1.5});
	t.deepEqual(second.get('b'), {rootPid: 20, cpu: 0.1, memory: 7, pids: [20], cpuSeconds: 0.1});
	t.is(source.reads, 2);
	poller.unwatch('b');
	t.is(poller.latest('b'), undefined, 'not running: no figures');
});

// 0.1 + 0.2 in floating point is 0.30000000000000004, which /metrics printed as is (issue 22): whole ticks are summed
// and divided once.
test('cpu seconds are a sum of whole ticks, divided once: no float noise, within a spawn or across spawns', async t => {
	let now = 0;
	const source = scripted([
		new Map([[10, entry(10, 1, 0, 1)]]),
		new Map([[10, entry(10, 1, 10, 1)]]),
		new Map([[10, entry(10, 1, 30, 1)]]),
		new Map([[20, entry(20, 1, 20, 1)]]),
	]);
	const poller = new UsagePoller({source, now: () => now, ticksPerSecond: 100});
	poller.watch('a', 10);
	for (const at of [1000, 2000, 3000]) {
		now = at;
		await poller.sample(); // eslint-disable-line no-await-in-loop
	}

	t.is(poller.cpuSeconds('a'), 0.3);
	poller.unwatch('a');
	poller.watch('a', 20);
	now = 4000;
	await poller.sample();
	t.is(poller.cpuSeconds('a'), 0.5);
	t.is(String(poller.latest('a')!.cpuSeconds), '0.5');
});

test('cpu seconds carry on across spawns under one name and never go down', async t => {
	let now = 0;
	const source = scripted([
		new Map([[10, entry(10, 1, 0, 1)]]),
		new Map([[10, entry(10, 1, 300, 1)]]),
		new Map([[30, entry(30, 1, 50, 1)]]),
		new Map([[30, entry(30, 1, 20, 1)]]), // Its child left the tree: the sum dropped.
	]);
	const poller = new UsagePoller({source, now: () => now, ticksPerSecond: 100});
	poller.watch('a', 10);
	await poller.sample();
	now = 1000;
	await poller.sample();
	t.is(poller.cpuSeconds('a'), 3);
	poller.unwatch('a');
	t.is(poller.cpuSeconds('a'), 3, 'an exited spawn keeps its seconds');
	poller.watch('a', 30);
	now = 2000;
	await poller.sample();
	t.is(poller.cpuSeconds('a'), 3.5, 'a new pid starts from what the earlier spawns used');
	now = 3000;
	const dropped = await poller.sample();
	t.is(dropped.get('a')!.cpu, 0);
	t.is(poller.cpuSeconds('a'), 3.5);
});

test('a root pid recycled by another process before the exit is seen is not measured as the tree', async t => {
	const source = scripted([
		new Map([[10, {...entry(10, 1, 0, 1000), start: 500}]]),
		new Map([[10, {...entry(10, 1, 900, 9999), start: 800}], [11, entry(11, 10, 0, 1)]]),
	]);
	const poller = new UsagePoller({source, now: () => 0, ticksPerSecond: 100});
	poller.watch('a', 10);
	t.is((await poller.sample()).get('a')?.memory, 1000);
	t.false((await poller.sample()).has('a'));
	t.is(poller.latest('a'), undefined);
});

test('a watched process has figures at once, before any tick', async t => {
	const {pid} = await start(t, fixture('forever.js'), /pid/);
	const poller = new UsagePoller();
	poller.watch('forever', pid);
	const first = await waitFor(() => poller.latest('forever'), 2000, 'the watch-time reading');
	t.is(first.rootPid, pid);
	t.is(first.cpu, 0);
	t.true(first.memory > 10 * 1024 * 1024, `${first.memory}`);
});

// The files of /proc/PID/stat this process holds open (the reader keeps its members' between ticks).
const heldStatFiles = (pid: number): number => readdirSync('/proc/self/fd').filter(fd => {
	try {
		return readlinkSync(`/proc/self/fd/${fd}`) === `/proc/${pid}/stat`;
	} catch {
		return false; // The directory's own fd, gone by now.
	}
}).length;

test('a closed poller holds no stat file of the tree it watched', async t => {
	const {pid} = await start(t, fixture('forever.js'), /pid/);
	const poller = new UsagePoller();
	poller.watch('forever', pid);
	await poller.sample();
	await poller.sample();
	t.is(heldStatFiles(pid), 1);
	poller.close();
	t.is(heldStatFiles(pid), 0);
});

test('a spinning process measures a real share of a core', async t => {
	const {pid} = await start(t, fixture('spin-cpu.js'), /spinning/);
	const poller = new UsagePoller();
	poller.watch('spin', pid);
	await poller.sample();
	const [ticks, since] = [await treeTicks(pid), performance.now()];
	await waitFor(() => performance.now() - since > 1000); // One measuring interval.
	const cpu = (await poller.sample()).get('spin')!.cpu;
	const expected = (await treeTicks(pid) - ticks) / 100 / ((performance.now() - since) / 1000);
	t.log(`spin-cpu measured ${cpu.toFixed(2)} cores by the poller, ${expected.toFixed(2)} from /proc (a busy host gives it less than 1)`);
	t.true(cpu > 0.05 && cpu < 1.3); // The arithmetic is pinned by the test above; a loaded host moves both figures.
});

test('the portable source (ps and pidusage, as on macOS) measures the same tree', async t => {
	const {pid} = await start(t, fixture('hog-memory-forks.js', 2, 16), /hog 16 MiB[\s\S]*hog 16 MiB/);
	const poller = new UsagePoller({source: defaultUsageSource(null)});
	poller.watch('hog', pid);
	const usage = (await poller.sample()).get('hog');
	t.is(usage?.pids.length, 3);
	t.is(usage?.pids[0], pid);
	t.true(usage!.memory > 32 * 1024 * 1024, `${usage?.memory}`);
});

test('polling catches a forking memory hog on the tree total, not on any one process', async t => {
	const limit = 160 * 1024 * 1024;
	const {pid} = await start(t, fixture('hog-memory-forks.js', 3, 40));
	const poller = new UsagePoller();
	poller.watch('hog', pid);
	const controller = new AbortController();
	t.teardown(() => {
		controller.abort();
	});
	let caught: {memory: number; pids: number[]} | undefined;
	const loop = pollUsage(poller, 50, samples => {
		const usage = samples.get('hog');
		if (usage !== undefined && memoryAction({memory: limit, action: 'restart'}, usage) === 'restart') {
			caught = usage;
			controller.abort();
		}
	}, controller.signal);
	await waitFor(() => caught, 20_000, 'the tree to pass its limit');
	await loop;
	t.log(`caught at ${(caught!.memory / 2 ** 20).toFixed(0)} MiB over ${caught!.pids.length} processes`);
	t.true(caught!.pids.length > 1);
	const table = readProcTable();
	const largest = Math.max(...caught!.pids.map(p => table.get(p)?.rss ?? 0));
	t.true(largest < limit, 'no single process was over the limit');
});
