// How long the control commands take, launch → exit, against a running unit (main + 3 sidecars): `sidecar status`,
// `sidecar signal s1 SIGWINCH` (a signal the sleepers ignore) and `sidecar restart s1` (a sidecar whose file probe
// passes at once, so the answer waits for no probe pacing). Each is a Node start plus the command's modules and one
// control-socket round trip: the floor is a bare `node -e 0` in the same run. Sidecar only (issue 29).
import {execFile, spawn} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {descendants, killAll, nowMs} from '../lib/proc.js';
import {ROOT} from '../lib/peers.js';

const BIN = path.join(ROOT, 'dist/cli/sidecar.js');
const BARE = 'bare `node -e 0` (launch → exit)';
const COMMANDS = {
	'sidecar status': ['status'],
	'sidecar signal s1 SIGWINCH': ['signal', 's1', 'SIGWINCH'],
	'sidecar restart s1': ['restart', 's1'],
};
const SLEEPER = ['sleep', '1000000'];

// Runs `args` to its end; its wall time in ms, or throws with what it printed.
async function timed(file, args, options) {
	const start = nowMs();
	await new Promise((resolve, reject) => {
		execFile(file, args, options, (error, stdout, stderr) => (error ? reject(new Error(`${args.join(' ')}: ${error.message} ${stderr}`)) : resolve(stdout)));
	});
	return nowMs() - start;
}

export const cliAnswer = {
	id: 'cli-answer',
	title: 'Control commands: launch → answer',
	about: 'Against a running unit of main and three sleeping sidecars (a file probe that passes at once). Target (issue 29): what a command adds over a bare `node -e 0` is within the start-up budget, 1.5 × `node -e 0`.',
	metrics: [{key: 'ms', label: 'ms', better: 'lower'}],
	subjects: () => [...Object.keys(COMMANDS), BARE],
	async measure(subject) {
		if (subject === BARE) {
			return {ms: await timed(process.execPath, ['-e', '0'], {})};
		}

		const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-'));
		const name = `bench-cli-${process.pid}-${Math.round(nowMs())}`;
		writeFileSync(path.join(dir, 'here'), '');
		const sidecar = {command: SLEEPER, readiness: {file: 'here'}};
		writeFileSync(path.join(dir, 'sidecar.config.json'), JSON.stringify({name, main: {command: SLEEPER, readiness: {file: 'here'}}, sidecars: {s1: sidecar, s2: sidecar, s3: sidecar}}));
		const child = spawn(process.execPath, [BIN, 'run'], {cwd: dir, stdio: 'ignore'});
		const exited = new Promise(resolve => child.once('exit', resolve));
		try {
			await timed(process.execPath, [BIN, 'wait', '--name', name, '--timeout', '20s'], {cwd: dir}); // A unit not up yet is waited for too.
			return {ms: await timed(process.execPath, [BIN, ...COMMANDS[subject], '--name', name], {cwd: dir})};
		} finally {
			const left = descendants(child.pid);
			child.kill('SIGTERM');
			await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 5000))]);
			killAll(left);
			rmSync(dir, {recursive: true, force: true});
		}
	},
	targets(results) {
		const node = results.get(BARE)?.ms?.median;
		return node === undefined ? [] : Object.keys(COMMANDS).filter(subject => results.get(subject)?.ms).map(subject => {
			const added = results.get(subject).ms.median - node;
			return {text: `\`${subject}\`: added over \`node -e 0\` ≤ 1.5 × \`node -e 0\``, figure: `${added.toFixed(1)} ms vs ${(1.5 * node).toFixed(1)} ms`, pass: added <= 1.5 * node,
				why: 'the command\'s own modules and one round trip on the control socket'};
		});
	},
};
