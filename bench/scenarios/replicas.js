// Replicas (issue 24): main + one sidecar with `replicas: N`, every process an idle sleeper (fixtures/sleeper.sh).
// The supervisor's own cost once all run: its CPU over a long window (utime + stime, and the scheduler's exact count),
// its RSS, the time from launch until every instance runs, and SIGTERM → exit. Peers with their own replica setting:
// pm2-runtime `instances` (fork mode), supervisord `numprocs`; concurrently has none and is left out.
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {FIXTURES} from '../lib/peers.js';
import {cpuMs, descendants, isAlive, killAll, nowMs, stat, statusKiB, waitFor} from '../lib/proc.js';
import {startUnit} from '../lib/unit.js';

const SETTLE_MS = Number(process.env.BENCH_REPLICAS_SETTLE_MS ?? 2000);
const WINDOW_MS = Number(process.env.BENCH_REPLICAS_WINDOW_MS ?? 10_000);
const TICKS_PER_SECOND = 100; // USER_HZ: the unit of utime and stime in /proc/PID/stat.
const GIVE_UP_MS = 10_000;
const PEERS = ['sidecar', 'sidecar (BENCH_COMPARE)', 'pm2-runtime', 'supervisord'];
const PARALLEL = 'sidecar, `shutdown: \'parallel\'`';
// The usage tick (status' cpu and memory, limits: every process's /proc/PID/stat once a second) put off to once a minute:
// what the supervisor costs without it.
const SLOW_POLL = 'sidecar, usage tick every 60 s';
const SLOW = {interval: '60s'};
const sleeper = (dir, name) => [path.join(FIXTURES, 'sleeper.sh'), dir, name];
const wallMs = () => performance.timeOrigin + performance.now();

// The sleepers that have started: pid → {name, at: start time (wall clock, ms)}, from the DIR/NAME.PID files they write.
function started(dir) {
	const stamps = new Map();
	for (const file of readdirSync(dir)) {
		const match = /^(main|worker)\.(\d+)$/.exec(file);
		const text = match && readFileSync(path.join(dir, file), 'latin1').trim();
		if (text) {
			stamps.set(Number(match[2]), {name: match[1], at: Number(text) * 1000});
		}
	}

	return stamps;
}

// CPU (% of one core) over WINDOW_MS, from utime + stime and from schedstat, and RSS (MiB), summed over pids.
async function cost(pids) {
	const ticks = () => pids.reduce((sum, pid) => sum + (stat(pid)?.ticks ?? 0), 0);
	const exact = () => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
	const [ticksBefore, exactBefore, before] = [ticks(), exact(), nowMs()];
	await sleep(WINDOW_MS);
	const [ticksAfter, exactAfter, window] = [ticks(), exact(), nowMs() - before];
	return {
		cpu: 100 * ((ticksAfter - ticksBefore) * 1000 / TICKS_PER_SECOND) / window,
		cpuExact: 100 * (exactAfter - exactBefore) / window,
		rss: pids.reduce((sum, pid) => sum + statusKiB(pid, 'VmRSS'), 0) / 1024,
		processes: pids.length,
	};
}

// replicas(50): one scenario per count.
export function replicas(count) {
	return {
		id: `replicas-${count}`,
		title: `Replicas: main + a sidecar with ${count} replicas, idle`,
		about: `Main and ${count} instances of one sidecar, each an idle sleeper (bench/fixtures/sleeper.sh: a bash that stamps its start and execs \`sleep\`). `
			+ 'sidecar `replicas: N`, pm2-runtime `instances: N` in fork mode (an ecosystem file), supervisord `numprocs=N`; concurrently has no replica setting and is left out. '
			+ '"replicas running": launch → the last instance\'s own start stamp; "all running": the same with main, which sidecar starts once its sidecars are ready (no probe: alive for 1 s, docs/lifecycle.md). '
			+ `Then ${SETTLE_MS} ms settling, and the supervisor's own processes (its tree less the sleepers, summed) over ${WINDOW_MS / 1000} s: `
			+ 'CPU from utime + stime in /proc/PID/stat (10 ms ticks), the same from the scheduler\'s count (schedstat, exact), and VmRSS. "stop": SIGTERM → the supervisor\'s exit; "left" counts sleepers still up at that moment. '
			+ 'sidecar\'s default shutdown stops the sidecars one at a time in reverse start order, so each instance in turn; the `shutdown: \'parallel\'` row stops them together. '
			+ 'The "usage tick every 60 s" row sets `limits.interval: 60s` on every process: the supervisor without its once-a-second read of every process\'s /proc/PID/stat (status\' cpu and memory, limits).',
		metrics: [
			// No `better`: no ratio column (an idle peer's CPU rounds to 0 ticks, and a ratio over 0 says nothing).
			{key: 'cpu', label: 'CPU % of a core (utime+stime)'}, {key: 'cpuExact', label: 'CPU % (schedstat)'}, {key: 'rss', label: 'RSS MiB'},
			{key: 'processes', label: 'own processes'}, {key: 'replicasUp', label: `${count} replicas running ms`}, {key: 'start', label: 'all running ms'},
			{key: 'stop', label: 'stop ms'}, {key: 'left', label: 'left running'},
		],
		subjects: peers => [...peers.map(peer => peer.name).filter(name => PEERS.includes(name)), PARALLEL, SLOW_POLL],
		async measure(subject, {peers}) {
			const slow = subject === SLOW_POLL ? {limits: SLOW} : {};
			const unit = startUnit(peers.get([PARALLEL, SLOW_POLL].includes(subject) ? 'sidecar' : subject), {
				sidecars: 0, main: dir => ({...slow, name: 'main', command: sleeper(dir, 'main')}),
				extra: [dir => ({...slow, name: 'worker', command: sleeper(dir, 'worker'), replicas: count})],
				...(subject === PARALLEL ? {shutdown: 'parallel'} : {}),
			});
			const launchedAt = wallMs() - (nowMs() - unit.launchedAt);
			let workload = [];
			try {
				const stamps = await waitFor(() => {
					// At least: an instance that died at start and was restarted left a stamp too (the note below says so).
					const now = started(unit.dir);
					return now.size >= count + 1 && now;
				}, 60_000, `${subject}: main and ${count} replicas to start`, 10);
				workload = [...stamps.keys()];
				const last = names => Math.max(...[...stamps.values()].filter(({name}) => names.includes(name)).map(({at}) => at)) - launchedAt;
				const [start, replicasUp] = [last(['main', 'worker']), last(['worker'])];
				await sleep(SETTLE_MS);
				const own = descendants(unit.pid).filter(pid => !stamps.has(pid));
				const figures = await cost(own);
				if (stamps.size !== count + 1 || started(unit.dir).size !== count + 1 || !workload.every(pid => isAlive(pid))) {
					return {note: 'a sleeper restarted or died while measured'};
				}

				const signalled = nowMs();
				process.kill(unit.pid, 'SIGTERM');
				const exit = await Promise.race([unit.exited, sleep(GIVE_UP_MS, undefined)]);
				if (exit === undefined) {
					return {...figures, start, replicasUp, note: `still running ${GIVE_UP_MS / 1000} s after SIGTERM`};
				}

				return {...figures, start, replicasUp, stop: exit.at - signalled, left: workload.filter(pid => isAlive(pid)).length};
			} finally {
				killAll(workload);
				await unit.close();
			}
		},
		targets(results) {
			const own = results.get('sidecar');
			if (count !== 50 || !own?.cpu) {
				return [];
			}

			return [{
				text: 'supervisor CPU with 50 idle replicas < 1 % of a core (issue 24)', figure: `${own.cpu.median.toFixed(2)} % (schedstat ${own.cpuExact.median.toFixed(2)} %)`,
				pass: own.cpu.median < 1,
				why: 'see "What bounds the figures", Replicas',
			}];
		},
	};
}
