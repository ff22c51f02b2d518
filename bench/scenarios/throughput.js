// Log throughput: main writes BENCH_MB of 100-byte lines; the supervisor writes them (prefixed) into a file.
// Every line is then parsed: whole, present once. The floor is an unprocessed `child.stdout.pipe(file)`.
import {spawn} from 'node:child_process';
import {closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {nowMs, statusKiB, waitFor} from '../lib/proc.js';
import {FIXTURES} from '../lib/peers.js';
import {startUnit} from '../lib/unit.js';
import {verifyLines} from '../lib/verify-lines.js';

const MB = Number(process.env.BENCH_MB ?? 100);
const PIPE = 'floor: node `child.stdout.pipe(file)`';
const flood = dir => [process.execPath, path.join(FIXTURES, 'flood.js'), dir, String(MB)];

// Waits until the file holds every line (size from the first line's prefix) or stops growing after the flood ended.
async function drained(dir, out) {
	const start = await waitFor(() => existsSync(path.join(dir, 'flood.start')) && Number(readFileSync(path.join(dir, 'flood.start'), 'utf8')), 30_000, 'flood start', 1);
	let size = 0;
	let grewAt = nowMs();
	let expected = Infinity;
	for (;;) {
		const now = nowMs();
		const current = existsSync(out) ? statSync(out).size : 0;
		if (current !== size) {
			size = current;
			grewAt = now;
		}

		if (expected === Infinity && size > 0) {
			const head = readFileSync(out, 'latin1').slice(0, 4096).split('\n').find(line => line.includes('#'));
			expected = head === undefined ? Infinity : (head.indexOf('#') + 100) * (MB * 1e4);
		}

		if (size >= expected) {
			return {start, end: now};
		}

		if (existsSync(path.join(dir, 'flood.done')) && now - grewAt > 1500) {
			return {start, end: grewAt};
		}

		await new Promise(resolve => setTimeout(resolve, 2));
	}
}

async function measureWith(launch) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-'));
	const out = path.join(dir, 'out.log');
	const fd = openSync(out, 'w');
	const {pid, close} = launch(dir, fd, out);
	closeSync(fd);
	try {
		const {start, end} = await drained(dir, out);
		const peak = statusKiB(pid, 'VmHWM') / 1024;
		const lines = await verifyLines(out, MB * 1e4);
		return {mbps: MB / ((end - start) / 1000), peak, ...lines};
	} finally {
		await close();
		rmSync(dir, {recursive: true, force: true});
	}
}

const WHY = 'the flood keeps both cores busy (the producer, the supervisor and its file writes): the supervisor spends ~3.3 ms of CPU per MB on reading, splitting, prefixing and writing (the log-cpu scenario; an unprocessed Node pipe ~2.1), its output is 10 % larger than its input, and every millisecond it takes is one the producer does not get';
// Issue 29 asks for 1.5 × concurrently's throughput (it was 1.25 ×).
const RATIO = 1.5;

export const throughput = {
	id: 'throughput',
	title: `Log throughput: ${MB} MB of 100-byte lines into a file`,
	about: 'From main\'s first write to the last byte in the file. Peak RSS is VmHWM of the supervisor\'s main process. Torn: a line whose payload is not whole; missing/duplicated: of the numbered lines.',
	metrics: [{key: 'mbps', label: 'MB/s', better: 'higher'}, {key: 'peak', label: 'peak RSS MiB', better: 'lower'}, {key: 'torn', label: 'torn lines'}, {key: 'missing', label: 'missing'}, {key: 'duplicated', label: 'duplicated'}],
	subjects: peers => [...peers.map(peer => peer.name), PIPE],
	async measure(subject, {peers}) {
		if (subject === PIPE) {
			return measureWith((dir, fd, out) => {
				const child = spawn(process.execPath, [path.join(FIXTURES, 'pipe.js'), out, ...flood(dir)], {stdio: 'ignore'});
				return {pid: child.pid, close: async () => new Promise(resolve => child.once('exit', resolve).kill('SIGTERM'))};
			});
		}

		return measureWith((dir, fd, out) => {
			const unit = startUnit(peers.get(subject), {sidecars: 0, main: () => flood(dir), out: fd, outFile: out});
			return {pid: unit.pid, close: async () => unit.close().then(() => rmSync(unit.dir, {recursive: true, force: true}))};
		});
	},
	targets(results) {
		const own = results.get('sidecar');
		const peer = results.get('concurrently')?.mbps?.median;
		const floor = results.get(PIPE)?.mbps?.median;
		if (!own?.mbps) {
			return [];
		}

		const lost = Math.max(own.torn.max, own.missing.max, own.duplicated.max);
		return [
			...(peer ? [{text: `log throughput ≥ ${RATIO} × concurrently`, figure: `${(own.mbps.median / peer).toFixed(2)} ×`, pass: own.mbps.median >= RATIO * peer,
				why: floor && RATIO * peer > floor ? `${RATIO} × concurrently is ${(RATIO * peer).toFixed(0)} MB/s, more than the unprocessed Node pipe carries here (${floor.toFixed(0)} MB/s, the floor row): no Node supervisor that splits and prefixes lines can get there; ${WHY}` : WHY}] : []),
			...(floor ? [{text: 'log throughput ≥ 90 % of an unprocessed Node pipe', figure: `${(100 * own.mbps.median / floor).toFixed(0)} %`, pass: own.mbps.median >= 0.9 * floor, why: WHY}] : []),
			{text: 'every line whole and present once', figure: `${lost === 0 ? 'all' : 'not all'} lines whole, once`, pass: lost === 0},
			{text: 'peak RSS < 80 MiB while logging', figure: `${own.peak.max.toFixed(1)} MiB (max)`, pass: own.peak.max < 80},
		];
	},
};
