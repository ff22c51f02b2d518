import test from 'ava';
import {resolveConfig} from '../../lib/config/resolve.js';
import {runCli} from '../helpers/cli.js';
import {configProblems} from '../helpers/config-problems.js';
import {makeProject} from '../helpers/project.js';

const main = {command: 'node app.js'};

test('on entries resolve, unit-wide and per process, in config order, with the default timeout of 10 s', t => {
	const config = resolveConfig({
		main: {...main, on: {exit: 'logger -t app "$SIDECAR_EVENT"'}},
		on: {fatal: {url: 'https://hooks.example.com/x?a=1', headers: {Authorization: 'Bearer t'}, timeout: '3s'}},
		sidecars: {w: {command: 'w', replicas: 2, on: {restart: {command: ['notify', '--urgent'], timeout: 500}, scheduleFailed: ['n']}}},
	}, '/srv/shop');
	t.deepEqual(config.notifications, [
		{owner: null, kind: 'fatal', at: 'on.fatal', target: {type: 'url', url: 'https://hooks.example.com/x?a=1', headers: {Authorization: 'Bearer t'}, timeout: 3000}},
		{owner: 'main', kind: 'exit', at: 'main.on.exit', target: {type: 'command', command: ['/bin/sh', '-c', 'logger -t app "$SIDECAR_EVENT"'], timeout: 10_000}},
		{owner: 'w', kind: 'restart', at: 'sidecars.w.on.restart', target: {type: 'command', command: ['notify', '--urgent'], timeout: 500}},
		{owner: 'w', kind: 'scheduleFailed', at: 'sidecars.w.on.scheduleFailed', target: {type: 'command', command: ['n'], timeout: 10_000}},
	]);
	t.deepEqual(resolveConfig({main}, '/srv/shop').notifications, [], 'none by default');
});

test('a bad on entry is refused with its path, what was given and what is allowed', t => {
	t.deepEqual(configProblems({
		main: {...main, on: {crash: 'x', fatal: {url: 'ftp://files.example.com/'}, exit: {url: 'http://a/', timeout: 0}}},
		on: {restart: {url: 'http://127.0.0.1:1/', headers: {'X-A': 1}}, fatal: {command: ['notify'], timeout: 'soon'}, limit: {email: 'me'}},
		sidecars: {w: {command: 'w', on: {degraded: [], unhealthy: {url: 'https://x/', command: 'y'}}}},
	}), [
		'on.fatal.timeout: got "soon", expected milliseconds, or a string like "250ms", "10s", "2m"',
		'on.restart.headers.X-A: got "(a number)", expected a header name (letters, digits, -) with a string value',
		'on.limit: got {"email":"me"}, expected a command, {command, timeout?} or {url, headers?, timeout?}',
		'main.on.crash: got "x", expected no such key (allowed: fatal, restart, unhealthy, limit, degraded, exit, scheduleFailed)',
		'main.on.fatal.url: got "ftp://files.example.com/", expected an http:// or https:// URL',
		'main.on.exit.timeout: got 0, expected a duration above 0, like "5s" (default "10s")',
		'sidecars.w.on.unhealthy.url: got "https://x/", expected no such key (allowed: command, timeout)',
		'sidecars.w.on.degraded: got [], expected a command: an array like ["node", "app.js"], or a shell string',
	]);
});

test('an external gate takes no on: it runs nothing', t => {
	t.deepEqual(configProblems({main, sidecars: {db: {readiness: {tcp: 5432}, on: {fatal: 'x'}}}}),
		['sidecars.db.on: got {"fatal":"x"}, expected no such key for an external gate (no command): only readiness, start, dependsOn']);
});

test('sidecar check refuses a bad on entry with exit 78, and prints the good ones with their header values masked', async t => {
	const bad = makeProject(t, {'sidecar.config.json': {main: {...main, on: {crash: 'x'}}}});
	const refused = await runCli(['check'], {cwd: bad});
	t.is(refused.exitCode, 78);
	t.regex(refused.stderr, /main\.on\.crash: got "x", expected no such key \(allowed: fatal, restart, unhealthy, limit, degraded, exit, scheduleFailed\)/);
	const good = makeProject(t, {'sidecar.config.json': {main, on: {fatal: {url: 'https://hooks.example.com/x', headers: {Authorization: 'Bearer s3cr3t-token'}}}}});
	const {exitCode, stdout} = await runCli(['check'], {cwd: good});
	t.is(exitCode, 0);
	t.false(stdout.includes('s3cr3t-token'));
	t.like((JSON.parse(stdout) as {notifications: unknown[]}).notifications[0], {at: 'on.fatal', target: {headers: {Authorization: '****'}}});
});
