// The supervisor's own CPU while it waits: a 'before' sidecar (or an external gate) whose readiness probe, at its default
// pacing (no interval set: lib/readiness/pacing.ts), never passes, so main waits. One row per probe kind. Sidecar
// only: no peer gates main on a probe. A BENCH_COMPARE build runs the exec probe (the costliest) for the same-run
// comparison.
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {cpuMs, descendants, killAll, waitFor} from '../lib/proc.js';
import {ROOT} from '../lib/peers.js';

const WINDOW_MS = Number(process.env.BENCH_PROBE_WINDOW_MS ?? 10_000);
const SETTLE_MS = 1000;
const COMPARE = 'sidecar (BENCH_COMPARE): exec';
const WAKE = 'floor: node waking every 100 ms (setInterval)';
const CONNECT = 'floor: node connecting to the closed port every 100 ms';
// What each attempt costs Node itself: a socket, the refusal, its close; then a pause.
const connectLoop = port => `const net = require('node:net'); setInterval(() => { const socket = net.connect({host: '127.0.0.1', port: ${port}}); socket.on('error', () => socket.destroy()); }, 100);`;
// Each kind's probe that never passes: a refused port, a command that exits 1, a file never written.
const EXEC = ['sh', '-c', 'exit 1'];
const KINDS = {
	tcp: port => ({sidecar: {tcp: port}}),
	http: port => ({sidecar: {http: `http://127.0.0.1:${port}/healthz`}}),
	exec: () => ({sidecar: {exec: EXEC}}),
	file: () => ({sidecar: {file: 'never-written'}}),
	'gate (tcp)': port => ({gate: {tcp: port}}),
};
const row = kind => `sidecar: ${kind}`;

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
	about: `A sidecar started before main (or an external gate) whose probe at its default pacing (no \`interval\`: 100 ms for ten attempts, then doubling to 1 s) never passes, so main waits: a refused port (tcp, http), \`sh -c 'exit 1'\` (exec), a file never written. CPU of the supervisor's own processes (the supervisor and its orphan watcher, not the probe's short-lived runs) over ${WINDOW_MS / 1000} s from ${SETTLE_MS / 1000} s after the probed sidecar started, from the scheduler's exact count (schedstat). The floors are a Node process that does nothing but wake every 100 ms, and one that also makes a refused connection each time.`,
	metrics: [{key: 'cpu', label: 'CPU % of a core', better: 'lower'}],
	subjects: () => [...Object.keys(KINDS).map(row), ...(process.env.BENCH_COMPARE ? [COMPARE] : []), WAKE, CONNECT],
	async measure(subject) {
		if (subject === WAKE || subject === CONNECT) {
			const script = subject === WAKE ? 'setInterval(() => {}, 100)' : connectLoop(await closedPort());
			const child = spawn(process.execPath, ['-e', script], {stdio: 'ignore'});
			try {
				await sleep(SETTLE_MS);
				return {cpu: await cpuOver([child.pid])};
			} finally {
				killAll([child.pid]);
			}
		}

		const kind = subject === COMPARE ? 'exec' : subject.slice(row('').length);
		const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-'));
		const port = await closedPort();
		const {sidecar, gate} = KINDS[kind](port);
		writeFileSync(path.join(dir, 'sidecar.config.json'), JSON.stringify({
			name: `bench-probe-${process.pid}-${port}`,
			main: {command: ['sleep', 'infinity']},
			sidecars: {db: sidecar ? {command: ['sleep', '1000000'], readiness: {...sidecar, timeout: '60s'}} : {readiness: {...gate, timeout: '60s'}}},
		}));
		const bin = subject === COMPARE ? process.env.BENCH_COMPARE : path.join(ROOT, 'dist/cli/sidecar.js');
		const child = spawn(process.execPath, [bin, 'run'], {cwd: dir, stdio: 'ignore'});
		const exited = new Promise(resolve => child.once('exit', resolve));
		try {
			// Its own processes: the supervisor and the orphan watcher; not the probed sidecar nor an exec probe's runs.
			const own = () => descendants(child.pid).filter(pid => !['sleep 1000000', EXEC.join(' ')].some(command => commandOf(pid).startsWith(command)));
			// A gate spawns nothing: its wait starts with the orphan watcher (the supervisor is up by then).
			await waitFor(() => descendants(child.pid).some(pid => commandOf(pid).startsWith(sidecar ? 'sleep 1000000' : '/bin/sh')), 20_000, 'the wait');
			await sleep(SETTLE_MS);
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
		return Object.keys(KINDS).flatMap(kind => {
			const cpu = results.get(row(kind))?.cpu;
			return cpu ? [{text: `CPU while a${kind === 'exec' ? 'n' : ''} ${kind} probe waits at its default pacing ≤ 1 % of a core`, figure: `${cpu.median.toFixed(2)} %`, pass: cpu.median <= 1,
				why: `one attempt a second once backed off (ten in the first second): a Node process waking every 100 ms uses ${results.get(WAKE)?.cpu?.median.toFixed(2) ?? '?'} % of a core here, making a refused connection each time ${results.get(CONNECT)?.cpu?.median.toFixed(2) ?? '?'} % (the floor rows)`}] : [];
		});
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
