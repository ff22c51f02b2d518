// Issue 27: 20 restarts of main under a loop of HTTP requests on loopback; failed requests and the longest stall (the
// slowest request, a connection that waited in the backlog included). Standalone, since it prints its own table:
// `node bench/scenarios/socket-restarts.js` (PM2_BIN=path/to/pm2 when bench/peers has none; docs/benchmarks.md).
import {execFile as execFileCallback, execFileSync, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {promisify} from 'node:util';
import {ROOT, FIXTURES} from '../lib/peers.js';

const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 20);
const TIMEOUT_MS = 10_000;
const SIDECAR = path.join(ROOT, 'dist/cli/sidecar.js');
const PM2 = process.env.PM2_BIN ?? path.join(ROOT, 'bench/peers/node_modules/.bin/pm2');
const APP = path.join(FIXTURES, 'http-any.js');
// Asynchronous: a synchronous call would block the request loop, which runs in this process too.
const execFile = promisify(execFileCallback);

const freePort = async () => new Promise(resolve => {
	const server = net.createServer().listen(0, '127.0.0.1', () => {
		const {port} = server.address();
		server.close(() => resolve(port));
	});
});

const get = async port => new Promise(resolve => {
	const started = performance.now();
	const request = http.get({host: '127.0.0.1', port, path: '/', agent: false, timeout: TIMEOUT_MS}, response => {
		response.resume();
		response.on('end', () => resolve({ok: response.statusCode === 200, ms: performance.now() - started}));
	});
	request.on('error', error => resolve({ok: false, ms: performance.now() - started, error: error.code}));
	// A request no one answers (a connection lost inside a peer) counts as failed, not as a hung bench.
	request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), {code: `no answer in ${TIMEOUT_MS / 1000} s`})));
});

// Requests one after another until `done()`; the tally.
async function requestLoop(port, done) {
	const tally = {requests: 0, failed: 0, longest: 0, errors: new Set()};
	while (!done()) {
		const {ok, ms, error} = await get(port);
		tally.requests++;
		tally.longest = Math.max(tally.longest, ms);
		if (!ok) {
			tally.failed++;
			tally.errors.add(error);
		}
	}

	return tally;
}

async function waitServing(port) {
	for (let i = 0; i < 300; i++) {
		if ((await get(port)).ok) {
			return;
		}

		await sleep(50);
	}

	throw new Error(`nothing serves on ${port}`);
}

// sidecar, main listening on a held socket (`sockets`) or on its own port; restarted through `sidecar restart --main`
// (with `--overlap`: the new main ready before the old one stops).
async function sidecar(port, {sockets, overlap = false}) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-'));
	const name = `bench-sockets-${process.pid}-${sockets ? 's' : 'p'}${overlap ? 'o' : ''}`;
	const readiness = {http: `http://127.0.0.1:${port}/`, interval: '20ms'};
	const config = sockets
		? {name, sockets: {http: {port}}, main: {command: [process.execPath, APP], sockets: ['http'], readiness}}
		: {name, main: {command: [process.execPath, APP], env: {PORT: String(port)}, readiness}};
	writeFileSync(path.join(dir, 'sidecar.config.json'), JSON.stringify(config));
	const env = {...process.env, XDG_RUNTIME_DIR: dir, NO_COLOR: '1'};
	const supervisor = spawn(process.execPath, [SIDECAR, 'run'], {cwd: dir, env, stdio: 'ignore'});
	await waitServing(port);
	return {
		restart: async () => execFile(process.execPath, [SIDECAR, 'restart', '--main', ...(overlap ? ['--overlap'] : []), '--name', name], {cwd: dir, env}),
		async close() {
			supervisor.kill('SIGTERM');
			await new Promise(resolve => supervisor.once('exit', resolve));
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

// pm2 with its own daemon (PM2_HOME in a temporary folder): `pm2 reload` in cluster or fork mode.
async function pm2(port, mode) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-pm2-'));
	const env = {...process.env, PM2_HOME: dir, PORT: String(port)};
	const app = {name: 'web', script: APP, exec_mode: mode, instances: mode === 'cluster' ? 2 : 1, env: {PORT: String(port)}, kill_timeout: 10_000};
	writeFileSync(path.join(dir, 'ecosystem.config.cjs'), `module.exports = ${JSON.stringify({apps: [app]})};`);
	execFileSync(PM2, ['start', path.join(dir, 'ecosystem.config.cjs')], {env, stdio: 'ignore'});
	await waitServing(port);
	return {
		restart: async () => execFile(PM2, ['reload', 'web'], {env}),
		async close() {
			execFileSync(PM2, ['kill'], {env, stdio: 'ignore'});
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

const subjects = [
	['sidecar, held socket (plain restart)', port => sidecar(port, {sockets: true})],
	['sidecar, held socket (restart --overlap)', port => sidecar(port, {sockets: true, overlap: true})],
	['sidecar, no socket (plain restart)', port => sidecar(port, {sockets: false})],
	...(existsSync(PM2) ? [
		['pm2 reload, cluster mode (2 instances)', port => pm2(port, 'cluster')],
		['pm2 reload, fork mode', port => pm2(port, 'fork')],
	] : []),
];

console.log(`| ${RESTARTS} restarts of main under a request loop | requests | failed | longest stall ms | time s |`);
console.log('| --- | --- | --- | --- | --- |');
for (const [label, start] of subjects) {
	const port = await freePort();
	const subject = await start(port);
	let done = false;
	const started = performance.now();
	const loop = requestLoop(port, () => done);
	try {
		for (let i = 0; i < RESTARTS; i++) {
			await subject.restart();
			await sleep(100); // Let a few requests reach the new generation before the next restart.
		}
	} finally {
		done = true;
	}

	const tally = await loop; // The last request is answered before the server is stopped.
	await subject.close();
	const errors = tally.errors.size > 0 ? ` (${[...tally.errors].join(', ')})` : '';
	console.log(`| ${label} | ${tally.requests} | ${tally.failed}${errors} | ${tally.longest.toFixed(0)} | ${((performance.now() - started) / 1000).toFixed(1)} |`);
}

if (!existsSync(PM2)) {
	console.log(`\npm2 not found at ${PM2}: run bench/setup-peers, or set PM2_BIN.`);
}
