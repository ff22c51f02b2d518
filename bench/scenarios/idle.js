// Idle cost: RSS and CPU of the supervisor's own processes (its tree less the workload) while nothing happens.
import {spawn} from 'node:child_process';
import {setTimeout as sleep} from 'node:timers/promises';
import {cpuMs, descendants, killAll, statusKiB, waitFor} from '../lib/proc.js';
import {startUnit} from '../lib/unit.js';

const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 1000);
const WINDOW_MS = Number(process.env.BENCH_IDLE_WINDOW_MS ?? 3000);
const FLOOR = 'node floor (`node -e` idling)';

// RSS (MiB) now, and CPU (% of one core) over WINDOW_MS, summed over pids.
export async function cost(pids) {
	const used = () => pids.reduce((sum, pid) => sum + cpuMs(pid), 0); // Exact (schedstat), not 10 ms ticks.
	const before = used();
	await sleep(WINDOW_MS);
	const mib = field => pids.reduce((sum, pid) => sum + statusKiB(pid, field), 0) / 1024;
	return {rss: mib('VmRSS'), anon: mib('RssAnon'), file: mib('RssFile'), cpu: 100 * (used() - before) / WINDOW_MS, processes: pids.length};
}

async function floor() {
	const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], {stdio: 'ignore'});
	await waitFor(() => statusKiB(child.pid, 'VmRSS') > 0, 5000, 'node floor');
	await sleep(SETTLE_MS);
	const result = await cost([child.pid]);
	killAll([child.pid]);
	return result;
}

// idle(3) and idle(50, limits): one scenario each.
export function idle(sidecars, limits) {
	const withLimits = limits !== undefined;
	return {
		id: `idle-${sidecars}`,
		title: `Idle: main + ${sidecars} sidecars${withLimits ? ', limits polled every second' : ''}`,
		about: `RSS and CPU of the supervisor's own processes (its process tree less main and the sidecars, summed) after ${SETTLE_MS} ms settling, CPU over ${WINDOW_MS} ms.`
			+ (withLimits ? ' Sidecar only: no peer polls limits (pm2\'s max_memory_restart checks every 30 s and has no CPU limit; concurrently and supervisord have none).' : ''),
		metrics: [{key: 'rss', label: 'RSS MiB', better: 'lower'}, {key: 'anon', label: 'of it anonymous (heap, malloc)'}, {key: 'file', label: 'of it file-backed (the binary\'s code)'},
			{key: 'cpu', label: 'CPU % of a core', better: 'lower'}, {key: 'processes', label: 'own processes'}],
		subjects: peers => withLimits ? ['sidecar', FLOOR] : [...peers.map(peer => peer.name), FLOOR],
		async measure(subject, {peers}) {
			if (subject === FLOOR) {
				return floor();
			}

			const unit = startUnit(peers.get(subject), {sidecars, each: withLimits ? {limits} : {}});

			try {
				await unit.ready(undefined, 120_000);
				await sleep(SETTLE_MS);
				const workload = unit.workload();
				return await cost(descendants(unit.pid).filter(pid => !workload.has(pid)));
			} finally {
				await unit.close();
			}
		},
		targets(results) {
			const [own, base] = ['sidecar', FLOOR].map(name => results.get(name));
			if (!own?.rss || !base?.rss) {
				return [];
			}

			const more = key => (own[key].median - base[key].median).toFixed(1);
			return [{text: `idle RSS ≤ Node's floor + 8 MiB (main + ${sidecars})`, figure: `${own.rss.median.toFixed(1)} MiB vs ${(base.rss.median + 8).toFixed(1)} MiB`, pass: own.rss.median <= base.rss.median + 8,
				why: `over the floor, ${more('file')} MiB are file-backed pages: more of the node binary's own code runs (child_process, net, the optimizing compiler), shared with every node on the host; ${more('anon')} MiB are anonymous: the heap with the supervisor's code, cosmiconfig and the unit; the /bin/sh orphan watcher is the second process`}];
		},
	};
}
