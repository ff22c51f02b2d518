import {existsSync} from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {requestOnce} from '../../lib/control/client.js';
import {fixture} from '../helpers/fixtures.js';
import {freePort} from '../helpers/ports.js';
import {startUnit, type RunningUnit} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';
import {BIN, runCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';

// Sockets held by the supervisor (docs/sockets.md, issue 27), with real processes: test/fixtures/fd-server.js serves
// HTTP on its inherited fd 3 and answers with its pid and the LISTEN_* variables it got.
type Answer = {pid: number; listenPid: string; fds: string; names: string; notifyFd?: string};

const get = async (socketPath: string, url = '/'): Promise<Answer> => new Promise((resolve, reject) => {
	const request = http.get({socketPath, path: url, agent: false}, response => {
		let body = '';
		response.on('data', (chunk: Buffer) => {
			body += chunk.toString();
		});
		response.on('end', () => resolve(JSON.parse(body) as Answer));
	});
	request.on('error', reject);
});

const serving = {command: fixture('fd-server.js'), sockets: ['http'], readiness: {log: 'serving'}};
const start = async (t: Parameters<typeof startUnit>[0], main: Record<string, unknown> = serving, more: Record<string, unknown> = {}) => {
	const unit = await startUnit(t, {sockets: {http: {path: 'http.sock'}}, main, ...more});
	return {unit, socketPath: path.join(unit.cwd, 'http.sock')};
};

// --overlap hands over only from a ready main (a main not ready yet is restarted plainly): wait for it first.
const untilMainReady = async (unit: RunningUnit) =>
	waitFor(async () => (await unit.status()).processes.find(({name}) => name === 'main')?.ready === true, 20_000, 'main ready');

const restartMain = async (unit: RunningUnit, overlap = false) => {
	const reply = await requestOnce(unit.socket, {type: 'restart', name: 'main', ...(overlap ? {overlap} : {})});
	if (!reply.ok) {
		throw new Error(JSON.stringify(reply));
	}
};

test('main gets the socket as fd 3, with LISTEN_FDS, LISTEN_FDNAMES and LISTEN_PID equal to its own pid (array command)', async t => {
	const {unit, socketPath} = await start(t);
	const answer = await get(socketPath);
	t.is(answer.listenPid, String(answer.pid));
	t.is(answer.pid, (await unit.pids()).main ?? -1);
	t.is(answer.fds, '1');
	t.is(answer.names, 'http');
});

test('LISTEN_PID is the pid of the program for a shell command too', async t => {
	const [node, script] = fixture('fd-server.js');
	const {unit, socketPath} = await start(t, {...serving, command: `${node!} ${script!}`});
	const answer = await get(socketPath);
	t.is(answer.listenPid, String(answer.pid));
	t.is(answer.pid, (await unit.pids()).main ?? -1);
});

test('a process with sockets and notify readiness gets the sockets from fd 3 and NOTIFY_FD after them', async t => {
	const program = 'process.stdout.write(`${process.env.NOTIFY_FD} ${process.env.LISTEN_FDS}\\n`); require("fs").writeSync(Number(process.env.NOTIFY_FD), "ready\\n"); setInterval(() => {}, 1000)';
	const {unit} = await start(t, {command: [process.execPath, '-e', program], sockets: ['http'], readiness: {notify: true}});
	await waitFor(async () => (await unit.status()).processes.find(({name}) => name === 'main')?.ready, 20_000, 'main ready through fd 4');
	await waitFor(() => unit.output().includes('4 1'), 20_000, 'main to print NOTIFY_FD 4');
	t.regex(unit.output(), /main +\| 4 1\n/);
});

for (const overlap of [false, true]) {
	test(`20 restarts of main${overlap ? ' with --overlap' : ''} under a request loop: no request fails`, async t => {
		const {unit, socketPath} = await start(t);
		await untilMainReady(unit);
		const before = (await unit.pids()).main;
		let done = false;
		let answered = 0;
		const failures: string[] = [];
		const loop = (async () => {
			while (!done) {
				await get(socketPath).then(() => answered++, (error: Error) => failures.push(error.message));
			}
		})();
		for (let index = 0; index < 20; index++) {
			await restartMain(unit, overlap);
		}

		done = true;
		await loop;
		t.deepEqual(failures, []);
		t.true(answered > 20, `answered ${answered}`);
		t.not((await unit.pids()).main, before);
	});
}

test('requests queued while no main runs are answered by the next one', async t => {
	// The new main takes 1.5 s to listen: requests sent once it is starting wait in the backlog through the gap.
	const slow = {command: [process.execPath, '-e', 'setTimeout(() => import(process.argv[1]), 1500)', fixture('fd-server.js')[1]!], sockets: ['http'], readiness: {log: 'serving'}};
	const {unit, socketPath} = await start(t, slow);
	const restarting = restartMain(unit);
	await waitFor(() => unit.output().includes('main starting') && unit.output().split('main starting').length > 2, 20_000, 'the new main to be starting');
	const answers = await Promise.all([get(socketPath), get(socketPath), get(socketPath)]);
	await restarting;
	const main = (await unit.pids()).main;
	t.deepEqual(answers.map(({pid}) => pid), [main, main, main]);
});

test('a bind failure ends start-up with 69, naming the socket and the errno', async t => {
	const port = await freePort();
	const blocker = http.createServer();
	await new Promise<void>(resolve => blocker.listen(port, '127.0.0.1', resolve));
	t.teardown(() => blocker.close());
	const cwd = makeProject(t, {'sidecar.config.json': {sockets: {http: {port}}, main: {command: fixture('forever.js'), sockets: ['http']}}});
	const {exitCode, stderr} = await runCli(['run'], {cwd, env: {XDG_RUNTIME_DIR: cwd}});
	t.is(exitCode, 69);
	t.regex(stderr, new RegExp(`unable to bind socket http \\(127\\.0\\.0\\.1:${port}\\): EADDRINUSE`));
});

const socketActivate = '/usr/bin/systemd-socket-activate';
const hasSocketActivate = existsSync(socketActivate);

// The fallback binder (docs/sockets.md): systemd-socket-activate binds, waits for the first connection, then execs the
// supervisor with LISTEN_FDS; the supervisor passes that fd on and binds nothing itself (the config's path stays absent).
(hasSocketActivate ? test : test.skip)('sockets received by socket activation are passed on, not bound', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {sockets: {http: {path: 'unused.sock'}}, main: serving}});
	const activated = path.join(cwd, 'activated.sock');
	const environment = ['PATH', 'HOME'].flatMap(key => ['-E', `${key}=${process.env[key] ?? ''}`]);
	const supervisor = execa(socketActivate, ['-l', activated, '--fdname=http', ...environment, '-E', `XDG_RUNTIME_DIR=${cwd}`, '-E', 'NO_COLOR=1', process.execPath, BIN, 'run'], {cwd, reject: false});
	t.teardown(() => supervisor.kill('SIGKILL'));
	await waitFor(() => existsSync(activated), 20_000, 'systemd-socket-activate to listen');
	const answer = await get(activated);
	t.is(answer.listenPid, String(answer.pid));
	t.is(answer.names, 'http');
	t.false(existsSync(path.join(cwd, 'unused.sock')));
	supervisor.kill('SIGTERM');
	t.is((await supervisor).exitCode, 0);
});

const python = ['/usr/bin/python3', '/usr/local/bin/python3'].find(file => existsSync(file));

// docs/sockets.md's second language: Python's http.server on the inherited fd.
(python === undefined ? test.skip : test)('a Python http.server serves from the inherited fd', async t => {
	const {unit, socketPath} = await start(t, {command: [python!, fixture('fd-server.py')[1]!], sockets: ['http'], readiness: {log: 'serving'}});
	const answer = await get(socketPath);
	t.is(answer.listenPid, String(answer.pid));
	t.is(answer.pid, (await unit.pids()).main ?? -1);
});

test('a request in flight when main restarts is answered by the old main; the next by the new one', async t => {
	const {unit, socketPath} = await start(t);
	const old = (await unit.pids()).main;
	const slow = get(socketPath, '/slow');
	await waitFor(() => unit.output().includes(`slow ${old ?? ''}`), 20_000, 'the slow request to reach main');
	await restartMain(unit);
	t.is((await slow).pid, old ?? -1);
	const next = await get(socketPath);
	t.not(next.pid, old ?? -1);
	t.is(next.pid, (await unit.pids()).main ?? -1);
});

test('the instances of a replicated sidecar share one socket and are restarted one at a time without a failed request', async t => {
	const web = {command: fixture('fd-server.js'), sockets: ['http'], readiness: {log: 'serving'}, replicas: 2};
	const {unit, socketPath} = await start(t, {command: fixture('forever.js')}, {sidecars: {web}});
	await waitFor(async () => (await unit.status()).processes.filter(({name, ready}) => name.startsWith('web-') && ready).length === 2, 20_000, 'both instances ready');
	let done = false;
	const pids = new Set<number>();
	const failures: string[] = [];
	const loop = (async () => {
		while (!done) {
			await get(socketPath).then(({pid}) => pids.add(pid), (error: Error) => failures.push(error.message));
		}
	})();
	for (let index = 0; index < 3; index++) {
		const reply = await requestOnce(unit.socket, {type: 'restart', name: 'web'});
		t.true(reply.ok, JSON.stringify(reply));
	}

	done = true;
	await loop;
	t.deepEqual(failures, []);
	t.true(pids.size >= 2, `answered by ${pids.size} pids`);
});

// With --overlap the new main is ready before the old one is told to stop: the old one finishes its request in flight
// while the new one already answers (docs/sockets.md, Restarts).
test('with --overlap, a request in flight is answered by the old main while the new one already serves', async t => {
	const {unit, socketPath} = await start(t);
	const old = (await unit.pids()).main;
	const slow = get(socketPath, '/slow');
	await waitFor(() => unit.output().includes(`slow ${old ?? ''}`), 20_000, 'the slow request to reach main');
	await untilMainReady(unit);
	const cli = await unit.cli(['restart', '--main', '--overlap']);
	t.is(cli.exitCode, 0, cli.stderr);
	const next = (await unit.pids()).main;
	t.is(cli.stdout.trim(), `restarted main (pid ${next ?? '-'})`);
	t.not(next, old);
	t.is((await slow).pid, old ?? -1);
	const output = unit.output();
	const ready = output.indexOf(`main ready (pid ${next ?? ''}`);
	const stopping = output.indexOf(`main stopping (pid ${old ?? ''}`);
	t.true(ready !== -1 && stopping !== -1 && ready < stopping, `the new main ready (at ${ready}) before the old one stopping (at ${stopping})`);
	t.is((await get(socketPath)).pid, next ?? -1);
});

test('with --overlap, a new main that fails is refused and the old one serves on', async t => {
	// Serves the first time; every later start exits 3 at once.
	const program = 'const fs = require("fs"); if (fs.existsSync("started")) process.exit(3); fs.writeFileSync("started", ""); import(process.argv[1])';
	const {unit, socketPath} = await start(t, {command: [process.execPath, '-e', program, fixture('fd-server.js')[1]!], sockets: ['http'], readiness: {log: 'serving'}});
	await untilMainReady(unit);
	const old = (await unit.pids()).main;
	const reply = await requestOnce(unit.socket, {type: 'restart', name: 'main', overlap: true});
	t.like(reply, {ok: false, exitCode: 69});
	t.regex(JSON.stringify(reply), /the new main \(pid \d+\) failed, it exited before it was ready; the running one serves on/);
	t.is((await get(socketPath)).pid, old ?? -1);
	t.is((await unit.pids()).main, old);
});
