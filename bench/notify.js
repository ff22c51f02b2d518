// sd_notify figures for docs/host.md: the datagram path against the systemd-notify fallback. For each, one start and
// one watchdog period (a unit under WATCHDOG_USEC, from launch to READY=1 plus WATCHDOG_USEC, then SIGTERM): the
// messages, the helper processes spawned (each systemd-notify run sends one BARRIER=1 after its message, and nothing
// else does), and the supervisor's CPU time from /proc (its own, and its reaped children's, which are the
// systemd-notify runs: main is still alive). Then the latency of one message, send to receipt, over RUNS sends.
// Reads the build in dist/: `npm run build && node bench/notify.js` (root, Linux, with systemd-notify on PATH).
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {bindNotifySocket} from '../dist/lib/host/notify-socket.js';
import {openNotifyDatagram} from '../dist/lib/host/notify-datagram.js';
import {findSystemdNotify, systemdNotifyCommand} from '../dist/lib/host/notify-command.js';

const bin = fileURLToPath(new URL('../dist/cli/sidecar.js', import.meta.url));
const usec = Number(process.env.WATCHDOG_USEC ?? 2_000_000);
const runs = Number(process.env.RUNS ?? 50);
const tick = 100; // CLK_TCK on Linux: /proc's times are in hundredths of a second.
const directory = mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-notify-'));
const quantile = (values, q) => values.toSorted((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))];
const cpuMs = pid => {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number); // Fields 14–17 of proc(5).
	return {own: ((utime + stime) * 1000) / tick, children: ((cutime + cstime) * 1000) / tick};
};

function receive(socket) {
	const messages = [];
	const waiting = [];
	const receiver = bindNotifySocket(socket, message => {
		messages.push({at: performance.now(), message});
		waiting.splice(0).forEach(resolve => resolve());
	}, () => {});
	const next = () => new Promise(resolve => waiting.push(resolve));
	return {messages, next, close: () => receiver.close()};
}

async function startAndWatchdog(via) {
	const socket = path.join(directory, `${via}.sock`);
	const {messages, next, close} = receive(socket);
	const env = {...process.env, NOTIFY_SOCKET: socket, WATCHDOG_USEC: String(usec), NO_COLOR: '1', ...(via === 'systemd-notify' ? {SIDECAR_NOTIFY_DATAGRAM: 'off'} : {})};
	const start = performance.now();
	const supervisor = spawn(process.execPath, [bin, 'run', '--name', `bench-notify-${via}`, '--', process.execPath, '-e', 'setInterval(() => {}, 1e6)'], {cwd: directory, env, stdio: 'ignore'}); // No config: main alone.
	while (!messages.some(({message}) => message.split('\n').includes('READY=1'))) {
		await next();
	}

	const ready = performance.now() - start;
	await new Promise(resolve => setTimeout(resolve, usec / 1000)); // One watchdog period after READY=1.
	const cpu = cpuMs(supervisor.pid);
	const exit = new Promise(resolve => supervisor.once('exit', resolve));
	supervisor.kill('SIGTERM');
	await exit;
	const elapsed = performance.now() - start;
	close();
	const barriers = messages.filter(({message}) => message === 'BARRIER=1').length;
	return {via, messages: messages.length - barriers, spawns: barriers, readyMs: Math.round(ready), elapsedMs: Math.round(elapsed), cpuOwnMs: cpu.own, cpuChildrenMs: cpu.children};
}

async function latency(via) {
	const socket = path.join(directory, `latency-${via}.sock`);
	const {next, close} = receive(socket);
	const binary = await findSystemdNotify();
	const transport = via === 'datagram' ? openNotifyDatagram(socket, {}) : systemdNotifyCommand(binary, socket, process.pid);
	const times = [];
	for (let i = 0; i < runs; i++) {
		const arrived = next();
		const start = performance.now();
		await Promise.all([transport.send(['WATCHDOG=1']), arrived]);
		times.push(performance.now() - start);
	}

	transport.close();
	close();
	return {via, medianMs: quantile(times, 0.5).toFixed(3), p95Ms: quantile(times, 0.95).toFixed(3)};
}

try {
	console.log(`one start and one watchdog period (WATCHDOG_USEC=${usec}), then SIGTERM:`);
	console.table([await startAndWatchdog('datagram'), await startAndWatchdog('systemd-notify')]);
	console.log(`latency of one WATCHDOG=1, send to receipt, ${runs} sends:`);
	console.table([await latency('datagram'), await latency('systemd-notify')]);
} finally {
	rmSync(directory, {recursive: true, force: true});
}
