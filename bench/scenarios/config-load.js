// What a TypeScript config adds to start-up: `sidecar check` wall time with the same config as .json and as
// .ts, with sidecar's compile cache warm, and cold (compiled on the spot). Target: TS adds ≤ 50 ms.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {nowMs} from '../lib/proc.js';
import {ROOT} from '../lib/peers.js';

const BIN = path.join(ROOT, 'dist/cli/sidecar.js');
const CACHE = path.join(os.tmpdir(), `sidecar-${os.userInfo().uid}`, 'ts-cache');
const config = {name: 'bench', main: {command: ['node', 'server.js']}, sidecars: {logship: {command: ['node', 'ship.js'], readiness: {tcp: 9000}}}};
const projects = new Map();

const project = extension => {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-'));
	const body = JSON.stringify(config, null, 2);
	writeFileSync(path.join(directory, `sidecar.config.${extension}`), extension === 'json' ? body
		: `import {defineConfig} from 'sidecar';\nconst port: number = 9000;\nexport default defineConfig(${body.replace('9000', 'port')});\n`);
	return directory;
};

const CASES = {json: 'json', 'ts (cache warm)': 'ts', 'ts (cold, compiled)': 'ts'};

export const configLoad = {
	id: 'config-load',
	title: 'Config load: what a TypeScript config adds to start-up',
	about: '`sidecar check` wall time, same config as sidecar.config.json and as sidecar.config.ts.',
	metrics: [{key: 'ms', label: 'ms', better: 'lower'}],
	subjects: () => Object.keys(CASES),
	async measure(subject) {
		if (!projects.has(subject)) {
			projects.set(subject, project(CASES[subject]));
			execFileSync(process.execPath, [BIN, 'check'], {cwd: projects.get(subject), stdio: 'ignore'}); // Warm the file cache.
		}

		if (subject.includes('cold')) {
			rmSync(CACHE, {recursive: true, force: true});
		}

		const start = nowMs();
		execFileSync(process.execPath, [BIN, 'check'], {cwd: projects.get(subject), stdio: 'ignore'});
		return {ms: nowMs() - start};
	},
	cleanup: () => projects.forEach(directory => rmSync(directory, {recursive: true, force: true})),
	targets(results) {
		const [json, warm, cold] = Object.keys(CASES).map(name => results.get(name)?.ms?.median);
		return json === undefined ? [] : [
			{text: 'a TS config adds ≤ 50 ms to start-up (cache warm)', figure: `+${(warm - json).toFixed(1)} ms`, pass: warm - json <= 50},
			{text: 'a TS config adds ≤ 50 ms to start-up (first load, compiled)', figure: `+${(cold - json).toFixed(1)} ms`, pass: cold - json <= 50},
		];
	},
};
