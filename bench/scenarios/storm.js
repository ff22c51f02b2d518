// RSS of the supervisor while 20 sidecars crash-loop (bench/crash-storm.js, shortened): once, sidecar only (no peer
// has backoff this short and a restart budget this large). `node bench/crash-storm.js 600` gives the 10-minute curve.
import {execFile} from 'node:child_process';
import path from 'node:path';
import {ROOT} from '../lib/peers.js';

const SECONDS = Number(process.env.BENCH_STORM_S ?? 120);

export const storm = {
	id: 'storm',
	title: `Crash storm: 20 sidecars crash-looping for ${SECONDS} s`,
	about: `Once (not per run). RSS of the supervisor 2 s after launch ("start"), at 60 s, and its highest and last after the first minute, sampled every 10 s; its CPU and the restart rate over the whole storm. \`node bench/crash-storm.js 600\` records the 10-minute curve.`,
	runs: 1,
	timeoutMs: (SECONDS + 120) * 1000, // run.js's bound per measure is 3 minutes: BENCH_STORM_S=600 timed out.
	metrics: [
		{key: 'start', label: 'RSS at start MiB'}, {key: 'minute', label: 'RSS at 60 s MiB'}, {key: 'peak', label: 'highest after 60 s MiB', better: 'lower'},
		{key: 'last', label: `RSS at ${SECONDS} s MiB`}, {key: 'rate', label: 'restarts/s'}, {key: 'cpu', label: 'CPU % of a core'}, {key: 'msPerRestart', label: 'CPU ms per restart'},
	],
	subjects: () => ['sidecar'],
	async measure() {
		const stdout = await new Promise((resolve, reject) => {
			execFile(process.execPath, [path.join(ROOT, 'bench/crash-storm.js'), String(SECONDS)], {env: {...process.env, STORM_SAMPLE_S: '10', STORM_JSON: '1'}, timeout: (SECONDS + 60) * 1000}, (error, out) => (error ? reject(error) : resolve(out)));
		});
		const {rows, rate, cpu, msPerRestart} = JSON.parse(stdout.trim().split('\n').at(-1));
		const after = rows.filter(row => row.at >= 60).map(row => row.rss);
		return {start: rows[0].rss, minute: after[0], peak: Math.max(...after), last: after.at(-1), rate, cpu, msPerRestart};
	},
	targets(results) {
		const own = results.get('sidecar');
		if (!own?.peak) {
			return [];
		}

		const growth = own.peak.median - own.minute.median;
		return [{
			text: 'crash-storm RSS ≤ start + 20 MiB, flat after the first minute (≤ 3 MiB more)',
			figure: `${own.peak.median.toFixed(1)} MiB vs ${(own.start.median + 20).toFixed(1)} MiB; +${growth.toFixed(1)} MiB after 60 s`,
			pass: own.peak.median <= own.start.median + 20 && growth <= 3,
			why: 'garbage promoted to the old generation piles up between full collections in the first minutes; the 10-minute curve (What bounds the figures) is flat from the fourth',
		}];
	},
};
