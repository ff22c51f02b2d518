// What a TypeScript config adds to start-up: `sidecar check` wall time with the same config as
// .json and as .ts (compile cache warm, and cold), alternating runs. Prints a markdown table.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const bin = fileURLToPath(new URL('../dist/bin/sidecar.js', import.meta.url));
const runs = Number(process.env.RUNS ?? 15);
const config = {name: 'bench', main: {command: ['node', 'server.js']}, sidecars: {logship: {command: ['node', 'ship.js'], readiness: {tcp: 9000}}}};
const project = extension => {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-'));
	const body = JSON.stringify(config, null, 2);
	writeFileSync(path.join(directory, `sidecar.config.${extension}`), extension === 'json' ? body
		: `import {defineConfig} from 'sidecar';\nconst port: number = 9000;\nexport default defineConfig(${body.replace('9000', 'port')});\n`);
	return directory;
};

const cacheDirectory = path.join(os.tmpdir(), `sidecar-${os.userInfo().uid}`, 'ts-cache');
const time = (cwd, cold) => {
	if (cold) {
		rmSync(cacheDirectory, {recursive: true, force: true});
	}

	const start = process.hrtime.bigint();
	execFileSync(process.execPath, [bin, 'check'], {cwd, stdio: 'ignore'});
	return Number(process.hrtime.bigint() - start) / 1e6;
};

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const cases = {json: project('json'), 'ts (cache warm)': project('ts'), 'ts (cold, compiled)': project('ts')};
const samples = Object.fromEntries(Object.keys(cases).map(name => [name, []]));
time(cases.json, false); // Warm the OS file cache.
for (let index = 0; index < runs; index++) {
	for (const [name, cwd] of Object.entries(cases)) {
		samples[name].push(time(cwd, name.includes('cold')));
	}
}

const base = median(samples.json);
console.log(`| config | median ms | min–max ms | added over json |\n| --- | --- | --- | --- |`);
for (const [name, values] of Object.entries(samples)) {
	console.log(`| ${name} | ${median(values).toFixed(1)} | ${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)} | ${(median(values) - base).toFixed(1)} ms |`);
}

for (const cwd of Object.values(cases)) {
	rmSync(cwd, {recursive: true, force: true});
}
