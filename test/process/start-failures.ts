import {chmodSync, existsSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {runtimeDir, uniqueName} from '../helpers/unit.js';

const isRoot = process.getuid?.() === 0;

// `sidecar run` of a JSON config to its end: exit code, stdout (events, pretty) and stderr.
async function runUnit(t: Parameters<typeof makeProject>[0], config: Record<string, unknown>, files: Record<string, string> = {}, args: string[] = []) {
	const cwd = makeProject(t, {'sidecar.config.json': {name: uniqueName('start'), ...config}, ...files});
	const result = await runCli(['run', ...args], {cwd, env: {XDG_RUNTIME_DIR: runtimeDir(t)}});
	return {...result, cwd};
}

test('main whose executable is not on PATH: one event in the user\'s words, exit 127, no helper\'s message', async t => {
	const {exitCode, stdout, stderr} = await runUnit(t, {main: {command: ['definitely-not-a-binary', '--port', '8080']}});
	t.is(exitCode, 127);
	t.regex(stdout, /^sidecar \| main exited \(code 127, error unable to start main: definitely-not-a-binary: not found\)$/m);
	t.notRegex(stdout + stderr, /setpriv|sidecar-cgroup|ENOENT/);
});

test('the start failure is an `exited` event with code and error in --log-format json', async t => {
	const {exitCode, stdout} = await runUnit(t, {main: {command: ['/nonexistent/ghost']}}, {}, ['--log-format', 'json']);
	t.is(exitCode, 127);
	const exited = stdout.trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>).find(line => line.event === 'exited');
	t.like(exited, {name: 'main', code: 127, signal: null, error: 'unable to start main: /nonexistent/ghost: no such file'});
	t.false('pid' in exited!, 'nothing was started, so no pid');
});

test('main that is found but not executable exits 126', async t => {
	const {exitCode, stdout} = await runUnit(t, {main: {command: ['./server.sh']}}, {'server.sh': '#!/bin/sh\necho never\n'});
	t.is(exitCode, 126);
	t.regex(stdout, /main exited \(code 126, error unable to start main: \.\/server\.sh: not executable\)/);
	t.notRegex(stdout, /never/);
});

test('main whose cwd does not exist names the cwd, exit 127', async t => {
	const {exitCode, stdout, cwd} = await runUnit(t, {main: {command: ['node', '-e', '0'], cwd: 'app'}});
	t.is(exitCode, 127);
	t.regex(stdout, new RegExp(`main exited \\(code 127, error unable to start main: cwd ${cwd}/app: no such directory\\)`));
});

test('a sidecar that cannot start goes through its restart policy as a crash does, and main is untouched', async t => {
	const {exitCode, stdout} = await runUnit(t, {
		main: {command: fixture('exit.js', '0', '4000')},
		sidecars: {ghost: {command: ['definitely-not-a-binary'], start: 'after', backoff: {initial: '10ms', max: '20ms'}, maxRestarts: {count: 2, window: '60s'}}},
	});
	t.is(exitCode, 0, stdout);
	const failures = stdout.match(/ghost exited \(code 127, error unable to start ghost: definitely-not-a-binary: not found\)/g) ?? [];
	t.is(failures.length, 3, stdout);
	t.regex(stdout, /ghost restarting .*reason exited \(unable to start ghost: definitely-not-a-binary: not found\)/);
	t.regex(stdout, /ghost fatal/);
	t.regex(stdout, /main exited \(pid \d+, code 0\)/);
});

test('a sidecar that cannot start before main fails the start-up (69), and main never starts', async t => {
	const {exitCode, stdout, stderr, cwd} = await runUnit(t, {
		main: {command: ['/bin/sh', '-c', 'touch started']},
		sidecars: {ghost: {command: ['./ghost'], backoff: {initial: '10ms', max: '20ms'}, maxRestarts: {count: 1, window: '60s'}}},
	});
	t.is(exitCode, 69, stderr);
	t.is(stdout.match(/ghost exited \(code 127, error unable to start ghost: \.\/ghost: no such file\)/g)?.length, 2, stdout);
	t.false(existsSync(path.join(cwd, 'started')));
});

(isRoot ? test : test.skip)('a command its user may not run exits 126 (user: nobody, a root-only script)', async t => {
	const cwd = makeProject(t, {});
	chmodSync(cwd, 0o755);
	writeFileSync(path.join(cwd, 'admin.sh'), '#!/bin/sh\necho ran\n', {mode: 0o700});
	const config = {name: uniqueName('start'), main: {command: ['./admin.sh'], user: 'nobody'}};
	writeFileSync(path.join(cwd, 'sidecar.config.json'), JSON.stringify(config));
	const {exitCode, stdout} = await runCli(['run'], {cwd, env: {XDG_RUNTIME_DIR: runtimeDir(t)}});
	t.is(exitCode, 126);
	t.regex(stdout, /main exited \(code 126, error unable to start main: \.\/admin\.sh: not executable\)/);
	t.notRegex(stdout, /ran/);
});
