// Limits figures for docs/benchmarks.md: one polling tick for 1, 10 and 100 managed processes, and the time from a
// memory breach to the kill under each enforcement. Reads the build in dist/: `npx tsc -p tsconfig.json && node bench/limits.js`.
import {spawn} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {UsagePoller, pollUsage} from '../dist/lib/limits/poll-usage.js';
import {readProcTable} from '../dist/lib/proc/proc-table.js';
import {detectEnforcement} from '../dist/lib/limits/enforcement.js';
import {CgroupV1Driver} from '../dist/lib/limits/cgroup-v1.js';
import {cgroupWrapper} from '../dist/lib/limits/cgroup-wrapper.js';
import {memoryAction} from '../dist/lib/limits/memory-action.js';

const hog = fileURLToPath(new URL('../test/fixtures/hog-memory.js', import.meta.url));
const MiB = 1024 * 1024;
const limit = 64 * MiB;
const median = values => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];
const exited = child => new Promise(resolve => child.once('exit', () => resolve(performance.now())));

async function tickCost(count) {
	const children = Array.from({length: count}, () => spawn('sleep', ['60'], {stdio: 'ignore'}));
	const poller = new UsagePoller();
	children.forEach((child, i) => poller.watch(`p${i}`, child.pid));
	await poller.sample();
	const times = [];
	for (let i = 0; i < 30; i++) {
		const start = performance.now();
		await poller.sample();
		times.push(performance.now() - start);
	}

	const processes = readProcTable().size;
	children.forEach(child => child.kill('SIGKILL'));
	return `${count} managed: ${median(times).toFixed(2)} ms median (${processes} processes on the host)`;
}

// Watch rss every 5 ms from outside to timestamp the breach itself.
function breachWatcher(pid) {
	let breach;
	const timer = setInterval(async () => {
		const statm = await readFile(`/proc/${pid}/statm`, 'utf8').catch(() => undefined);
		if (statm !== undefined && breach === undefined && Number(statm.split(' ')[1]) * 4096 > limit) {
			breach = performance.now();
		}
	}, 5);
	return {stop: () => clearInterval(timer), at: () => breach};
}

async function pollingBreach(interval) {
	const child = spawn(process.execPath, [hog, '256', '20'], {stdio: 'ignore'});
	const watcher = breachWatcher(child.pid);
	const controller = new AbortController();
	const poller = new UsagePoller();
	poller.watch('hog', child.pid);
	const done = exited(child);
	void pollUsage(poller, interval, samples => {
		const usage = samples.get('hog');
		if (usage && memoryAction({memory: limit, action: 'restart'}, usage) === 'restart') {
			child.kill('SIGKILL');
			controller.abort();
		}
	}, controller.signal);
	const end = await done;
	watcher.stop();
	return end - (watcher.at() ?? end);
}

async function cgroupBreach(roots) {
	const driver = new CgroupV1Driver(roots, `bench-${process.pid}`);
	await driver.createUnit();
	const procs = await driver.createGroup('hog', {memory: limit, cpu: null});
	const [file, ...args] = [...cgroupWrapper(procs), process.execPath, hog, '256', '20'];
	const child = spawn(file, args, {stdio: ['ignore', 'pipe', 'ignore']});
	let last = performance.now();
	child.stdout.on('data', () => {
		last = performance.now();
	});
	const end = await exited(child);
	const {oomKills} = await driver.memoryEvents('hog');
	await driver.removeUnit();
	return {ms: end - last, oomKills};
}

console.log('## Polling tick (one /proc snapshot for all watched trees)');
await tickCost(10); // Warm-up: JIT and the first readdir of /proc are not what we measure.
for (const count of [1, 10, 100]) {
	console.log(await tickCost(count));
}

console.log('\n## Memory breach → kill (64 MiB limit, hog growing 4 MiB every 20 ms)');
for (const interval of [1000, 100]) {
	const runs = [];
	for (let i = 0; i < 3; i++) {
		runs.push(await pollingBreach(interval));
	}

	console.log(`polling every ${interval} ms: ${runs.map(ms => ms.toFixed(0)).join(', ')} ms`);
}

const {v1, reasons} = await detectEnforcement();
if (process.getuid?.() === 0 && v1) {
	const runs = [];
	for (let i = 0; i < 3; i++) {
		runs.push(await cgroupBreach(v1));
	}

	console.log(`cgroup-v1 (kernel OOM kill): ${runs.map(r => r.ms.toFixed(1)).join(', ')} ms after the hog's last progress line; oom_kill ${runs.map(r => r.oomKills).join(', ')}`);
} else {
	console.log(`cgroup: skipped (${reasons.join('; ') || 'not root'})`);
}
