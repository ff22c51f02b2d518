// Idle cost: RSS and CPU of the supervisor's own processes (its tree less the workload) while nothing happens.
import {spawn} from 'node:child_process';
import {setTimeout as sleep} from 'node:timers/promises';
import {cpuMs, descendants, killAll, statusKiB, waitFor} from '../lib/proc.js';
import {startUnit} from '../lib/unit.js';

const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 1000);
const WINDOW_MS = Number(process.env.BENCH_IDLE_WINDOW_MS ?? 3000);
const FLOOR = 'node floor (`node -e` idling)';

// RSS (MiB) now, and CPU (% of one core) over WINDOW_MS, summed over pids.
async function cost(pids) {
	const used = () => pids.reduce((sum, pid) => sum + cpuMs(pid), 0); // Exact (schedstat), not 10 ms ticks.
	const before = used();
	await sleep(WINDOW_MS);
	const rss = pids.reduce((sum, pid) => sum + statusKiB(pid, 'VmRSS'), 0) / 1024;
	return {rss, cpu: 100 * (used() - before) / WINDOW_MS, processes: pids.length};
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
		metrics: [{key: 'rss', label: 'RSS MiB', better: 'lower'}, {key: 'cpu', label: 'CPU % of a core', better: 'lower'}, {key: 'processes', label: 'own processes'}],
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
			const own = results.get('sidecar')?.rss;
			const base = results.get(FLOOR)?.rss;
			return own && base ? [{text: `idle RSS ≤ Node's floor + 8 MiB (main + ${sidecars})`, figure: `${own.median.toFixed(1)} MiB vs ${(base.median + 8).toFixed(1)} MiB`, pass: own.median <= base.median + 8,
				why: 'two processes: the /bin/sh orphan watcher is ~1.7 MiB; the supervisor touches ~6 MiB more of the node binary than an idle `node -e` (file-backed pages: the optimizing compiler, child_process, net) and holds ~7 MiB more heap (its code, chalk, cosmiconfig, the unit)'}] : [];
		},
	};
}
