// One polling tick of lib/limits (UsagePoller.sample: one read of the process table for every watched tree)
// for 1, 10 and 100 watched processes, against pidusage (the design's polling dependency) on the same pids.
import {spawn} from 'node:child_process';
import {existsSync, readdirSync} from 'node:fs';
import {createRequire} from 'node:module';
import {killAll, nowMs, waitFor} from '../lib/proc.js';

const SIZES = [1, 10, 100];
const TICKS = Number(process.env.BENCH_TICKS ?? 10);
const POLLER = new URL('../../dist/lib/limits/poll-usage.js', import.meta.url);
const OURS = 'sidecar UsagePoller.sample()';
const PIDUSAGE = 'pidusage(pids)';
const hasPidusage = (() => {
	try {
		return Boolean(createRequire(import.meta.url).resolve('pidusage'));
	} catch {
		return false; // No longer a dependency: the reference row is left out.
	}
})();

async function tick(subject, pids) {
	let sample;
	if (subject === OURS) {
		const {UsagePoller} = await import(POLLER);
		const poller = new UsagePoller();
		pids.forEach((pid, i) => poller.watch(`p${i}`, pid));
		sample = () => poller.sample();
	} else {
		const {default: pidusage} = await import('pidusage');
		sample = () => pidusage(pids);
	}

	await sample(); // The first tick loads code and has nothing to compare with.
	const times = [];
	for (let i = 0; i < TICKS; i++) {
		const start = nowMs();
		await sample();
		times.push(nowMs() - start);
	}

	return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

export const pollTick = {
	id: 'poll-tick',
	title: 'One polling tick for 1, 10 and 100 processes',
	about: `Median of ${TICKS} ticks per run, each watched process a \`sleep\` of its own. After its first tick (not timed) UsagePoller reads the trees' members and the pids handed out since its last tick, and all of /proc only every 60th tick (docs/limits.md); ${readdirSync('/proc').filter(name => /^\d+$/.test(name)).length} processes on the machine when the bench started.`,
	metrics: SIZES.map(size => ({key: `n${size}`, label: `${size} ms`, better: 'lower'})),
	subjects: () => [OURS, ...(hasPidusage ? [PIDUSAGE] : [])],
	skip: () => existsSync(POLLER) ? undefined : 'dist/lib/limits/poll-usage.js is not built: lib/limits has not landed',
	async measure(subject) {
		const result = {};
		for (const size of SIZES) {
			const children = Array.from({length: size}, () => spawn('sleep', ['600'], {stdio: 'ignore'}));
			await waitFor(() => children.every(child => child.pid !== undefined), 5000, 'sleeps');
			try {
				result[`n${size}`] = await tick(subject, children.map(child => child.pid));
			} finally {
				killAll(children.map(child => child.pid));
			}
		}

		return result;
	},
	targets(results) {
		const tick = results.get(OURS)?.n100;
		return tick ? [{
			text: 'one polling tick for 100 processes ≤ 2 ms', figure: `${tick.median.toFixed(2)} ms`, pass: tick.median <= 2,
			why: 'a tick reads the stat file of every watched process, and of every process started since the last tick (lib/proc/proc-tree-reader.ts)',
		}] : [];
	},
};
