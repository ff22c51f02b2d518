// Watches (issue 25): main watching a tree of 10,000 files in 500 directories. What the supervisor costs while nothing
// changes (CPU over a long window, RSS), how long its walk takes (launch → main started, against the same unit with no
// watch), and how long a change takes to restart main (a write → main's new start stamp). Peers with a watch: pm2-runtime
// `watch` (chokidar); concurrently and supervisord have none.
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {cpuMs, descendants, nowMs, statusKiB, waitFor} from '../lib/proc.js';
import {nodeProc, startUnit} from '../lib/unit.js';

const FILES = Number(process.env.BENCH_WATCH_FILES ?? 10_000);
const DIRS = 500;
const SETTLE_MS = Number(process.env.BENCH_WATCH_SETTLE_MS ?? 2000);
const WINDOW_MS = Number(process.env.BENCH_WATCH_WINDOW_MS ?? 10_000);
const DELAY_MS = 100;
const UNWATCHED = 'sidecar, no watch';

function makeTree(dir) {
	const root = path.join(dir, 'tree');
	for (let index = 0; index < FILES; index++) {
		const folder = path.join(root, `d${index % DIRS}`);
		if (index < DIRS) {
			mkdirSync(folder, {recursive: true});
		}

		writeFileSync(path.join(folder, `f${index}.js`), '');
	}

	return root;
}

export const watch = {
	id: 'watch',
	title: `Watch: main watching ${FILES.toLocaleString('en')} files in ${DIRS} directories`,
	about: `Main (bench/fixtures/proc.js) watches a tree of ${FILES} empty files in ${DIRS} directories: sidecar \`watch: {paths, debounce: '${DELAY_MS}ms'}\` under \`run --watch\`, pm2-runtime \`watch\` with \`watch_delay: ${DELAY_MS}\`. `
		+ `"started": launch → main's start stamp (sidecar opens its watches beside start-up). After ${SETTLE_MS} ms settling, the supervisor's own processes (its tree less main) over ${WINDOW_MS / 1000} s: CPU from the scheduler's exact count and VmRSS. `
		+ '"restart": one file written → main\'s new start stamp (the debounce included). The "no watch" row is the same unit without its watch: the cost of watching is the difference.',
	metrics: [{key: 'cpu', label: 'CPU % of a core'}, {key: 'rss', label: 'RSS MiB', better: 'lower'}, {key: 'start', label: 'started ms', better: 'lower'}, {key: 'restart', label: 'change → restarted ms', better: 'lower'}],
	subjects: peers => [...peers.map(peer => peer.name).filter(name => ['sidecar', 'sidecar (BENCH_COMPARE)', 'pm2-runtime'].includes(name)), UNWATCHED],
	async measure(subject, {peers}) {
		let tree;
		const unit = startUnit(peers.get(subject === UNWATCHED ? 'sidecar' : subject), {
			sidecars: 0,
			main: dir => {
				tree = makeTree(dir);
				return {name: 'main', command: nodeProc(dir, 'main'), ...(subject === UNWATCHED ? {} : {watch: {paths: [tree], delay: DELAY_MS}})};
			},
		});
		try {
			const first = await waitFor(() => unit.stamp('main'), 60_000, `${subject}: main to start`, 5);
			const start = first.t - unit.launchedAt;
			await sleep(SETTLE_MS);
			const own = descendants(unit.pid).filter(pid => !unit.workload().has(pid));
			const before = own.reduce((sum, pid) => sum + cpuMs(pid), 0);
			const at = nowMs();
			await sleep(WINDOW_MS);
			const cpu = 100 * (own.reduce((sum, pid) => sum + cpuMs(pid), 0) - before) / (nowMs() - at);
			const rss = own.reduce((sum, pid) => sum + statusKiB(pid, 'VmRSS'), 0) / 1024;
			if (subject === UNWATCHED) {
				return {cpu, rss, start};
			}

			const written = nowMs();
			writeFileSync(path.join(tree, 'd7', 'f7.js'), '// changed\n');
			const next = await waitFor(() => {
				const stamp = unit.stamp('main');
				return stamp !== undefined && stamp.pid !== first.pid && stamp;
			}, 30_000, `${subject}: main to restart`, 5);
			return {cpu, rss, start, restart: next.t - written};
		} finally {
			await unit.close();
		}
	},
	targets(results) {
		const own = results.get('sidecar');
		if (!own?.cpu) {
			return [];
		}

		return [{text: `supervisor CPU while watching ${FILES.toLocaleString('en')} files < 1 % of a core (issue 25)`, figure: `${own.cpu.median.toFixed(2)} %`, pass: own.cpu.median < 1,
			why: 'one inotify watch per directory: the kernel queues events, the supervisor does nothing until one comes'}];
	},
};
