import test from 'ava';
import {fixture} from '../helpers/fixtures.js';
import {runCli, startCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';
import {jsonLines} from '../helpers/processes.js';
import {runtimeDir} from '../helpers/unit.js';
import {waitForLine} from '../helpers/wait-for.js';

const events = (stdout: string) => jsonLines(stdout).filter(line => 'event' in line);
const times = (stdout: string, pattern: RegExp) => Object.fromEntries([...stdout.matchAll(pattern)].map(match => [match[1], Number(match[2])]));

test('the unit exits with main\'s exit code', async t => {
	const cwd = makeProject(t);
	const {exitCode} = await runCli(['run', '--', ...fixture('exit.js', '3', '50')], {cwd});
	t.is(exitCode, 3);
});

test('main killed by signal N makes the unit exit 128 + N', async t => {
	const cwd = makeProject(t);
	const {exitCode} = await runCli(['run', '--', ...fixture('exit.js', 'SIGKILL', '50')], {cwd});
	t.is(exitCode, 137);
});

test('run works with no config file and a string command runs through the shell', async t => {
	const cwd = makeProject(t);
	const {exitCode, stdout} = await runCli(['run', '--', '/bin/sh', '-c', 'echo "$SIDECAR_NAME says hi"; exit 4'], {cwd});
	t.is(exitCode, 4);
	t.regex(stdout, /main +\| main says hi/);
});

test('sidecars start in dependency order before main and stop in reverse order after it', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		main: {command: fixture('exit.js', '0', '300')},
		sidecars: {
			b: {command: fixture('stamp.js'), dependsOn: ['a'], readiness: {log: 'started'}},
			a: {command: fixture('stamp.js'), readiness: {log: 'started'}},
			c: {command: fixture('stamp.js'), dependsOn: ['b'], readiness: {log: 'started'}},
		},
	}});
	const {exitCode, stdout} = await runCli(['run', '--log-format', 'json'], {cwd});
	t.is(exitCode, 0);
	const lines = jsonLines(stdout).filter(line => typeof line.line === 'string').map(line => line.line as string);
	const started = times(lines.join('\n'), /(\w) started (\d+)/g);
	const stopped = times(lines.join('\n'), /(\w) stopped (\d+)/g);
	t.true(started.a! <= started.b! && started.b! <= started.c!, JSON.stringify(started));
	t.true(stopped.c! <= stopped.b! && stopped.b! <= stopped.a!, JSON.stringify(stopped));
	const mainStart = events(stdout).find(event => event.name === 'main' && event.event === 'starting')!;
	const cReady = events(stdout).find(event => event.name === 'c' && event.event === 'ready')!;
	t.true(Date.parse(mainStart.time as string) >= Date.parse(cReady.time as string));
});

test('a sidecar that is never ready aborts start-up with 69: main never starts and what started is stopped', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		main: {command: fixture('forever.js')},
		sidecars: {
			ok: {command: fixture('forever.js')},
			slow: {command: fixture('forever.js'), dependsOn: ['ok'], readiness: {tcp: 1, timeout: '300ms'}},
			never: {command: fixture('forever.js'), dependsOn: ['slow']},
		},
	}});
	const {exitCode, stdout, stderr} = await runCli(['run', '--log-format', 'json'], {cwd});
	t.is(exitCode, 69);
	t.regex(stderr, /unable to start slow: not ready after 300ms \(tcp probe: connect ECONNREFUSED 127\.0\.0\.1:1\)/);
	const seen = events(stdout);
	t.false(seen.some(event => event.name === 'main' || event.name === 'never'));
	t.true(seen.some(event => event.name === 'ok' && event.event === 'stopped'));
	t.true(seen.some(event => event.name === 'slow' && event.event === 'stopped'));
});

test('each readiness probe kind gates start-up', async t => {
	const cwd = makeProject(t);
	const port = 20_000 + Math.floor(Math.random() * 20_000);
	const config = {
		main: {command: fixture('exit.js', '0')},
		sidecars: {
			tcp: {command: fixture('tcp-server.js', String(port), '200'), readiness: {tcp: port}},
			http: {command: fixture('http-server.js', String(port + 1), '200'), readiness: {http: `http://127.0.0.1:${port + 1}/`}},
			file: {command: fixture('ready-after.js', '200', `${cwd}/ready`), readiness: {file: 'ready'}},
			exec: {command: fixture('ready-after.js', '200', `${cwd}/ready2`), readiness: {exec: ['test', '-f', 'ready2']}},
			log: {command: fixture('ready-after.js', '200'), readiness: {log: '^ready$'}},
		},
	};
	const {writeFileSync} = await import('node:fs');
	writeFileSync(`${cwd}/sidecar.config.json`, JSON.stringify(config));
	const {exitCode, stdout} = await runCli(['run', '--log-format', 'json'], {cwd});
	t.is(exitCode, 0);
	const seen = events(stdout);
	const mainStart = Date.parse(seen.find(event => event.name === 'main' && event.event === 'starting')!.time as string);
	for (const kind of ['tcp', 'http', 'file', 'exec', 'log']) {
		const ready = seen.find(event => event.name === kind && event.event === 'ready');
		t.is(ready?.probe, kind);
		t.true(Date.parse(ready!.time as string) <= mainStart, kind);
	}
});

test('after sidecars start once main is ready', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		main: {command: fixture('ready-after.js', '300'), readiness: {log: 'ready'}},
		sidecars: {late: {command: fixture('stamp.js'), start: 'after'}},
	}});
	const subprocess = startCli(t, ['run', '--log-format', 'json'], {cwd});
	await waitForLine(subprocess.stdout, /"name":"late","event":"starting"/);
	subprocess.kill('SIGTERM');
	const {stdout} = await subprocess;
	const seen = events(stdout);
	const mainReady = seen.findIndex(event => event.name === 'main' && event.event === 'ready');
	const lateStart = seen.findIndex(event => event.name === 'late' && event.event === 'starting');
	t.true(mainReady !== -1 && mainReady < lateStart);
});

test('children get SIDECAR_NAME, SIDECAR_SUPERVISOR_PID, SIDECAR_SOCKET and, once main runs, SIDECAR_MAIN_PID', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		name: 'envtest',
		main: {command: fixture('print-env.js'), readiness: {log: '^env'}},
		sidecars: {early: {command: fixture('print-env.js')}, late: {command: fixture('print-env.js'), start: 'after'}},
	}});
	// A runtime directory of its own that exists: one that does not is passed over for /tmp (control/socket-path.ts).
	const xdg = runtimeDir(t);
	const subprocess = startCli(t, ['run'], {cwd, env: {XDG_RUNTIME_DIR: xdg}});
	const [, late] = await waitForLine(subprocess.stdout, /late +\| env (.+)/);
	subprocess.kill('SIGTERM');
	const {stdout} = await subprocess;
	const early = JSON.parse(/early +\| env (.+)/.exec(stdout)![1]!);
	const main = JSON.parse(/main +\| env (.+)/.exec(stdout)![1]!);
	const lateEnv = JSON.parse(late!);
	t.is(early.SIDECAR_NAME, 'early');
	t.is(main.SIDECAR_NAME, 'main');
	t.is(early.SIDECAR_SUPERVISOR_PID, String(subprocess.pid));
	t.is(early.SIDECAR_SOCKET, `${xdg}/sidecar/envtest.sock`);
	t.is(early.SIDECAR_MAIN_PID, undefined);
	t.is(lateEnv.SIDECAR_MAIN_PID, /main starting \(pid (\d+)\)/.exec(stdout)![1]);
});
