import test from 'ava';
import {pollUsage, UsagePoller} from '../../lib/limits/poll-usage.js';
import {readProcessTable, type ProcessEntry, type ProcessTable} from '../../lib/limits/process-tree.js';
import {memoryAction} from '../../lib/limits/memory-action.js';
import {fixture, start, treeTicks, waitFor} from './_helpers.js';

const entry = (pid: number, ppid: number, ticks: number, rss: number): ProcessEntry => ({pid, ppid, state: 'R', ticks, childTicks: 0, rss, starttime: 0});

test('cpu is the tree\'s tick delta over elapsed time; memory the sum of rss; one table read per tick', async t => {
	let reads = 0;
	let now = 0;
	const tables: ProcessTable[] = [
		new Map([[10, entry(10, 1, 100, 1000)], [11, entry(11, 10, 50, 500)], [20, entry(20, 1, 0, 7)]]),
		new Map([[10, entry(10, 1, 150, 1000)], [11, entry(11, 10, 100, 700)], [20, entry(20, 1, 10, 7)]]),
	];
	const poller = new UsagePoller({readTable: async () => tables[reads++]!, now: () => now, ticksPerSecond: 100});
	poller.watch('a', 10);
	poller.watch('b', 20);
	const first = await poller.sample();
	t.deepEqual(first.get('a'), {cpu: 0, memory: 1500, pids: [10, 11]});
	now = 1000;
	const second = await poller.sample();
	t.deepEqual(second.get('a'), {cpu: 1, memory: 1700, pids: [10, 11]});
	t.deepEqual(second.get('b'), {cpu: 0.1, memory: 7, pids: [20]});
	t.is(reads, 2);
	poller.unwatch('b');
	t.false((await poller.sample().catch(() => new Map())).has('b'));
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
	const table = await readProcessTable();
	const largest = Math.max(...caught!.pids.map(p => table.get(p)?.rss ?? 0));
	t.true(largest < limit, 'no single process was over the limit');
});
