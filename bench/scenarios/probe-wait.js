// The supervisor's own CPU while it waits: a 'before' sidecar whose tcp readiness probe polls a closed port every 100 ms
// (connection refused each time), so main waits. Sidecar only: no peer gates main on a probe.
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {cpuMs, descendants, killAll, waitFor} from '../lib/proc.js';
import {ROOT} from '../lib/peers.js';

const WINDOW_MS = Number(process.env.BENCH_PROBE_WINDOW_MS ?? 10_000);
const COMPARE = 'sidecar (BENCH_COMPARE)';
const WAKE = 'floor: node waking every 100 ms (setInterval)';
const CONNECT = 'floor: node connecting to the closed port every 100 ms';
// What each attempt costs Node itself: a socket, the refusal, its close; then a pause.
const connectLoop = port => `const net = require('node:net'); setInterval(() => { const socket = net.connect({host: '127.0.0.1', port: ${port}}); socket.on('error', () => socket.destroy()); }, 100);`;

// A port nothing listens on: bound by the kernel's choice, then closed.
const closedPort = async () => new Promise(resolve => {
	const server = net.createServer().listen(0, '127.0.0.1', () => {
		const {port} = server.address();
		server.close(() => resolve(port));
	});
});

export const probeWait = {
	id: 'probe-wait',
	title: 'Waiting on a readiness probe: supervisor CPU',
	about: `A sidecar started before main whose tcp probe (interval 100 ms, timeout 60 s) meets a closed port, so main waits; CPU of the supervisor's own processes over ${WINDOW_MS / 1000} s, after 1 s settling, from the scheduler's exact count (schedstat). The floors are a Node process that does nothing but wake at the same rate, and one that also makes the same connection attempt each time.`,
	metrics: [{key: 'cpu', label: 'CPU % of a core', better: 'lower'}],
	subjects: () => ['sidecar', ...(process.env.BENCH_COMPARE ? [COMPARE] : []), WAKE, CONNECT],
	async measure(subject) {
		if (subject === WAKE || subject === CONNECT) {
			const script = subject === WAKE ? 'setInterval(() => {}, 100)' : connectLoop(await closedPort());
			const child = spawn(process.execPath, ['-e', script], {stdio: 'ignore'});
			try {
				await sleep(1000);
				return {cpu: await cpuOver([child.pid])};
			} finally {
				killAll([child.pid]);
			}
		}

		const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-'));
		const port = await closedPort();
		writeFileSync(path.join(dir, 'sidecar.config.json'), JSON.stringify({
			name: `bench-probe-${process.pid}-${port}`,
			main: {command: ['sleep', 'infinity']},
			sidecars: {db: {command: ['sleep', 'infinity'], readiness: {tcp: port, interval: '100ms', timeout: '60s'}}},
		}));
		const bin = subject === COMPARE ? process.env.BENCH_COMPARE : path.join(ROOT, 'dist/cli/sidecar.js');
		const child = spawn(process.execPath, [bin, 'run'], {cwd: dir, stdio: 'ignore'});
		const exited = new Promise(resolve => child.once('exit', resolve));
		try {
			// Its own processes: the supervisor and the orphan watcher, not the probed `sleep`.
			const own = () => descendants(child.pid).filter(pid => !commandOf(pid).startsWith('sleep'));
			await waitFor(() => descendants(child.pid).some(pid => commandOf(pid).startsWith('sleep')), 20_000, 'the probed sidecar');
			await sleep(1000);
			return {cpu: await cpuOver(own())};
		} finally {
			const left = descendants(child.pid);
			child.kill('SIGTERM');
			await Promise.race([exited, sleep(5000)]);
			killAll(left);
			rmSync(dir, {recursive: true, force: true});
		}
	},
	targets(results) {
		const cpu = results.get('sidecar')?.cpu;
		return cpu ? [{text: 'CPU while a readiness probe polls at 100 ms ≤ 1 % of a core', figure: `${cpu.median.toFixed(2)} %`, pass: cpu.median <= 1,
			why: `ten attempts a second: a Node process making the same refused connection at the same rate uses ${results.get(CONNECT)?.cpu?.median.toFixed(2) ?? '?'} % of a core here, waking alone ${results.get(WAKE)?.cpu?.median.toFixed(2) ?? '?'} % (the floor rows); the rest is the supervisor's own timers (the usage poll each second) and the probe's bookkeeping`}] : [];
	},
};

// % of a core that pids used over the window.
async function cpuOver(pids) {
	const used = () => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
	const before = used();
	await sleep(WINDOW_MS);
	return 100 * (used() - before) / WINDOW_MS;
}

// argv of a process, joined by spaces ('' once it is gone).
function commandOf(pid) {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ');
	} catch {
		return '';
	}
}
