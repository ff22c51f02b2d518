// Log CPU (issue 29): the supervisor's own CPU time per MB of a child's output, for pretty and JSON lines on stdout
// (a file) and for a `logs.file` copy (stdout to /dev/null). The flood waits at a gate until the supervisor has
// started; its CPU (schedstat, every thread) is read before the gate opens and once the output stops growing.
// The floor is a Node process that pipes the child's stdout, unprocessed, into the file: what reading and
// writing alone cost.
import {spawn} from 'node:child_process';
import {closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {cpuMs, descendants, nowMs, waitFor} from '../lib/proc.js';
import {FIXTURES} from '../lib/peers.js';
import {startUnit} from '../lib/unit.js';
import {verifyLines} from '../lib/verify-lines.js';

const MB = Number(process.env.BENCH_MB ?? 100);
const FLOOR = 'floor: node `child.stdout.pipe(file)`';
const MODES = ['pretty', 'json', 'file'];
const flood = dir => [process.execPath, path.join(FIXTURES, 'flood.js'), dir, String(MB), 'gate'];
const isSidecar = peer => peer.name.startsWith('sidecar');

// CPU ms of the supervisor's own processes: its tree less the flood.
const ownCpu = (root, floodPid) => descendants(root).filter(pid => pid !== floodPid).reduce((sum, pid) => sum + cpuMs(pid), 0);

// Waits until the file holds every payload line (each as long as the first) and then stops growing for a moment.
async function drained(out) {
	const lineBytes = await waitFor(() => {
		const head = existsSync(out) && readFileSync(out, 'latin1').slice(0, 8192).split('\n').find(line => line.includes('#'));
		return head ? head.length + 1 : undefined;
	}, 30_000, 'the first line', 2);
	await waitFor(() => statSync(out).size >= lineBytes * MB * 1e4, 120_000, 'every line', 2);
	let size = -1;
	while (statSync(out).size !== size) {
		size = statSync(out).size;
		await sleep(50);
	}
}

async function measureWith(launch) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-'));
	const out = path.join(dir, 'out.log');
	const {root, close} = launch(dir, out);
	try {
		const floodPid = Number(await waitFor(() => existsSync(path.join(dir, 'flood.ready')) && readFileSync(path.join(dir, 'flood.ready'), 'utf8'), 30_000, 'flood ready', 5));
		await sleep(300); // The supervisor's start-up ends (its first lifecycle lines are written).
		const before = ownCpu(root, floodPid);
		const start = nowMs();
		writeFileSync(path.join(dir, 'go'), '');
		await drained(out);
		const cpu = ownCpu(root, floodPid) - before;
		const seconds = (nowMs() - start) / 1000;
		const lines = await verifyLines(out, MB * 1e4);
		return {cpuPerMb: cpu / MB, mbps: MB / seconds, ...lines};
	} finally {
		await close();
		rmSync(dir, {recursive: true, force: true});
	}
}

// `sidecar: pretty` → the unit for that output mode: stdout to the file, or stdout to /dev/null and logs.file.
function launchSidecar(peer, mode) {
	return (dir, out) => {
		const fd = openSync(mode === 'file' ? '/dev/null' : out, 'w');
		const unit = startUnit(peer, {
			sidecars: 0, out: fd,
			main: () => ({name: 'main', command: flood(dir), ...(mode === 'file' ? {logs: {file: out, maxSize: '10GiB'}} : {})}),
			...(mode === 'json' ? {logs: {format: 'json'}} : {}),
		});
		closeSync(fd);
		return {root: unit.pid, close: () => unit.close()};
	};
}

function launchFloor(dir, out) {
	const child = spawn(process.execPath, [path.join(FIXTURES, 'pipe.js'), out, ...flood(dir)], {stdio: 'ignore'});
	const exited = new Promise(resolve => child.once('exit', resolve));
	return {root: child.pid, close: async () => {
		child.kill('SIGTERM');
		await exited;
	}};
}

const WHY = 'reading the pipe and writing the file are the floor row\'s cost; splitting, prefixing and the event per block are the rest';

export const logCpu = {
	id: 'log-cpu',
	title: `Log CPU: ${MB} MB of 100-byte lines, pretty, JSON and a log file`,
	about: 'CPU ms of the supervisor\'s own processes (all threads, /proc/PID/task/*/schedstat) per MB of the child\'s output, from the flood\'s start to the last byte in the file. pretty, json: stdout is the file; file: stdout is /dev/null and main has logs.file. MB/s: the same run, wall time.',
	metrics: [{key: 'cpuPerMb', label: 'CPU ms per MB', better: 'lower'}, {key: 'mbps', label: 'MB/s', better: 'higher'}, {key: 'torn', label: 'torn lines'}, {key: 'missing', label: 'missing'}, {key: 'duplicated', label: 'duplicated'}],
	subjects: peers => [...peers.filter(isSidecar).flatMap(peer => MODES.map(mode => `${peer.name}: ${mode}`)), FLOOR],
	async measure(subject, {peers}) {
		if (subject === FLOOR) {
			return measureWith(launchFloor);
		}

		const [name, mode] = subject.split(': ');
		return measureWith(launchSidecar(peers.get(name), mode));
	},
	targets(results) {
		const floor = results.get(FLOOR)?.cpuPerMb?.median;
		return MODES.flatMap(mode => {
			const own = results.get(`sidecar: ${mode}`);
			if (!own?.cpuPerMb) {
				return [];
			}

			const lost = Math.max(own.torn.max, own.missing.max, own.duplicated.max);
			const bound = floor === undefined ? '' : `; the floor (an unprocessed Node pipe) takes ${floor.toFixed(2)} ms per MB`;
			return [
				{text: `${mode}: supervisor CPU ≤ 1 ms per MB`, figure: `${own.cpuPerMb.median.toFixed(2)} ms/MB`, pass: own.cpuPerMb.median <= 1, why: `${WHY}${bound}`},
				{text: `${mode}: every line whole and present once`, figure: `${lost === 0 ? 'all' : 'not all'} lines whole, once`, pass: lost === 0},
			];
		});
	},
};
