// Start-up: from launching the supervisor to main's first line of code (main stamps CLOCK_MONOTONIC),
// against launching main directly and against a bare `node -e 0`, which bounds any Node supervisor.
import {execFileSync, spawn} from 'node:child_process';
import {killAll, nowMs, waitFor} from '../lib/proc.js';
import {nodeProc, startUnit} from '../lib/unit.js';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DIRECT = 'main launched directly';
const BARE = 'bare `node -e 0` (launch → exit)';
const TINI = 'floor: main under tini';
const hasTini = () => {
	try {
		execFileSync('tini', ['--version'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
};

// Main launched directly, or behind `wrapper` (tini: one C process that forks and execs it).
async function direct(wrapper = []) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-'));
	const [file, ...args] = [...wrapper, ...nodeProc(dir, 'main')];
	const start = nowMs();
	const child = spawn(file, args, {stdio: 'ignore'});
	const stamp = await waitFor(() => {
		try {
			return JSON.parse(readFileSync(path.join(dir, 'main'), 'utf8'));
		} catch {}
	}, 10_000, 'main', 1);
	killAll([child.pid, stamp.pid]);
	rmSync(dir, {recursive: true, force: true});
	return {ms: stamp.t - start};
}

async function bare() {
	const start = nowMs();
	await new Promise(resolve => spawn(process.execPath, ['-e', '0'], {stdio: 'ignore'}).once('exit', resolve));
	return {ms: nowMs() - start};
}

export const startup = {
	id: 'startup',
	title: 'Start-up: launch → main running',
	about: 'Main alone (no sidecars, so nothing gates it). Targets (issue 29): what the supervisor adds over launching main directly is at most 1.5 × a bare `node -e 0` measured in the same run, and launch → main running at least 1.25 × faster than under concurrently. Where tini is installed, main under tini is the floor a supervisor written in C sets.',
	metrics: [{key: 'ms', label: 'ms', better: 'lower'}],
	subjects: peers => [...peers.map(peer => peer.name), DIRECT, BARE, ...(hasTini() ? [TINI] : [])],
	async measure(subject, {peers}) {
		if (subject === DIRECT || subject === TINI) {
			return direct(subject === TINI ? ['tini', '-s', '--'] : []);
		}

		if (subject === BARE) {
			return bare();
		}

		const unit = startUnit(peers.get(subject), {sidecars: 0});
		try {
			await unit.ready(['main'], 20_000);
			return {ms: unit.stamp('main').t - unit.launchedAt};
		} finally {
			await unit.close();
		}
	},
	targets(results) {
		const [own, main, node, concurrently] = ['sidecar', DIRECT, BARE, 'concurrently'].map(name => results.get(name)?.ms?.median);
		if (own === undefined || main === undefined || node === undefined) {
			return [];
		}

		const why = `a bare \`node -e 0\` takes ${node.toFixed(1)} ms before any code of the supervisor runs; then loading the command's modules (~25 ms), reading the config, the control socket, koffi for the init duties, the orphan guard and main's spawn behind setpriv (What bounds the figures, start-up steps)`;
		return [
			{text: 'start-up: added over main alone ≤ 1.5 × bare `node -e 0`', figure: `${(own - main).toFixed(1)} ms vs ${(1.5 * node).toFixed(1)} ms`, pass: own - main <= 1.5 * node, why},
			...(concurrently === undefined ? [] : [{text: 'start-up: launch → main running ≥ 1.25 × faster than concurrently', figure: `${(concurrently / own).toFixed(2)} ×`, pass: concurrently / own >= 1.25, why}]),
		];
	},
};
