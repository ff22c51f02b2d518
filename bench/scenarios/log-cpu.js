// Log CPU (issue 29): the supervisor's own CPU time per MB of a child's output, for pretty and JSON lines on stdout
// (a file) and for a `logs.file` copy (stdout to /dev/null). The flood waits at a gate until the supervisor has
// started; its CPU (schedstat, every thread) is read before the gate opens and once the output stops growing.
// The floors are Node processes that pipe the child's stdout, unprocessed, into the file (what reading and writing
// alone cost), and that only read it (what reading alone costs).
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
const READ_FLOOR = 'floor: node reading the pipe, writing nothing';
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

async function measureWith(launch, readOnly = false) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-'));
	const out = path.join(dir, 'out.log');
	const {root, close} = launch(dir, out);
	try {
		const floodPid = Number(await waitFor(() => existsSync(path.join(dir, 'flood.ready')) && readFileSync(path.join(dir, 'flood.ready'), 'utf8'), 30_000, 'flood ready', 5));
		await sleep(300); // The supervisor's start-up ends (its first lifecycle lines are written).
		const before = ownCpu(root, floodPid);
		const start = nowMs();
		writeFileSync(path.join(dir, 'go'), '');
		await (readOnly ? waitFor(() => existsSync(out), 120_000, 'every byte read', 2) : drained(out));
		const cpu = ownCpu(root, floodPid) - before;
		const seconds = (nowMs() - start) / 1000;
		const lines = readOnly ? {} : await verifyLines(out, MB * 1e4);
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

// The floors: pipe.js writes the file; drain.js writes `out` only once it has read every byte.
const launchFloor = fixture => (dir, out) => {
	const args = fixture === 'pipe.js' ? [out] : [out, String(MB * 1e6)];
	const child = spawn(process.execPath, [path.join(FIXTURES, fixture), ...args, ...flood(dir)], {stdio: 'ignore'});
	const exited = new Promise(resolve => child.once('exit', resolve));
	return {root: child.pid, close: async () => {
		child.kill('SIGTERM');
		await exited;
	}};
};

// The bound, with the floors' figures: a Node process pays the read floor for its 64 KiB pipe reads (a fresh buffer
// and a trip through the event loop and the stream each), and the pipe floor adds the file's writes; sidecar adds
// splitting, prefixing (~0.75 ms per MB in native string code, the fastest of four ways measured) and the event per block.
const why = (pipe, read) => `no Node process gets under its floors: reading the pipe alone takes ${read.toFixed(2)} ms of CPU per MB and `
	+ `an unprocessed \`child.stdout.pipe(file)\` ${pipe.toFixed(2)} ms per MB (the floor rows), so 1 ms per MB leaves nothing for writing; `
	+ 'splitting and prefixing the lines (~0.75 ms per MB for a flood\'s 64 KiB blocks) and the second copy a log file makes are the rest'

export const logCpu = {
	id: 'log-cpu',
	title: `Log CPU: ${MB} MB of 100-byte lines, pretty, JSON and a log file`,
	about: 'CPU ms of the supervisor\'s own processes (all threads, /proc/PID/task/*/schedstat) per MB of the child\'s output, from the flood\'s start to the last byte in the file. pretty, json: stdout is the file; file: stdout is /dev/null and main has logs.file. MB/s: the same run, wall time.',
	metrics: [{key: 'cpuPerMb', label: 'CPU ms per MB', better: 'lower'}, {key: 'mbps', label: 'MB/s', better: 'higher'}, {key: 'torn', label: 'torn lines'}, {key: 'missing', label: 'missing'}, {key: 'duplicated', label: 'duplicated'}],
	subjects: peers => [...peers.filter(isSidecar).flatMap(peer => MODES.map(mode => `${peer.name}: ${mode}`)), FLOOR, READ_FLOOR],
	async measure(subject, {peers}) {
		if (subject === FLOOR || subject === READ_FLOOR) {
			return measureWith(launchFloor(subject === FLOOR ? 'pipe.js' : 'drain.js'), subject === READ_FLOOR);
		}

		const [name, mode] = subject.split(': ');
		return measureWith(launchSidecar(peers.get(name), mode));
	},
	targets(results) {
		const [pipe, read] = [FLOOR, READ_FLOOR].map(name => results.get(name)?.cpuPerMb?.median);
		return MODES.flatMap(mode => {
			const own = results.get(`sidecar: ${mode}`);
			if (!own?.cpuPerMb) {
				return [];
			}

			const lost = Math.max(own.torn.max, own.missing.max, own.duplicated.max);
			return [
				{text: `${mode}: supervisor CPU ≤ 1 ms per MB`, figure: `${own.cpuPerMb.median.toFixed(2)} ms/MB`, pass: own.cpuPerMb.median <= 1,
					...(pipe !== undefined && read !== undefined ? {why: why(pipe, read)} : {})},
				{text: `${mode}: every line whole and present once`, figure: `${lost === 0 ? 'all' : 'not all'} lines whole, once`, pass: lost === 0},
			];
		});
	},
};
