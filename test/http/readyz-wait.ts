import {rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runCli, startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {freePort} from '../helpers/ports.js';
import {makeProject} from '../helpers/project.js';
import {runtimeDir, uniqueName} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';
import {startApi} from './_api.js';

type Readiness = {ready: boolean; reasons: string[]};

// A critical sidecar `db` ready while the file `up` is there (checked every 200 ms after it passed: keep-ready), and
// `flaky`, which goes fatal at its first failure; /readyz on both listeners and `sidecar wait` follow them.
test('/readyz and sidecar wait follow a critical sidecar that becomes ready, unready, ready, and another that goes fatal', async t => {
	t.timeout(120_000);
	const metricsPort = await freePort();
	const unit = await startApi(t, {
		main: {command: fixture('forever.js')},
		metrics: {port: metricsPort},
		sidecars: {
			db: {command: fixture('forever.js'), start: 'after', critical: true, readiness: {file: 'up', timeout: '2m', period: '200ms', failureThreshold: 2, successThreshold: 1}},
			flaky: {command: fixture('forever.js'), start: 'after', maxRestarts: {count: 0}},
		},
	});
	const readyz = async (port = unit.port): Promise<{status: number; body: Readiness}> => {
		const response = await fetch(`http://127.0.0.1:${port}/readyz`);
		return {status: response.status, body: await response.json() as Readiness};
	};

	// Until /readyz answers `status` with exactly these reasons.
	const until = async (status: number, reasons: string[], what: string) => waitFor(async () => {
		const answer = await readyz();
		return answer.status === status && answer.body.reasons.join('\n') === reasons.join('\n') ? answer : undefined;
	}, 30_000, what);

	t.deepEqual((await until(503, ['critical sidecar db is not ready (starting)'], 'db not ready yet')).body, {ready: false, reasons: ['critical sidecar db is not ready (starting)']});
	const early = await unit.cli(['wait', '--timeout', '300ms']);
	t.is(early.exitCode, 69);
	t.regex(early.stderr, /unable to wait for unit .*: not ready after 300ms \(critical sidecar db is not ready \(starting\)\)/);

	const waiting = startCli(t, ['wait', '--timeout', '60s'], {cwd: unit.cwd, env: unit.env});
	writeFileSync(path.join(unit.cwd, 'up'), '');
	const waited = await waiting;
	t.is(waited.exitCode, 0);
	t.regex(String(waited.stdout), /is ready/);
	t.deepEqual((await until(200, [], 'ready')).body, {ready: true, reasons: []});
	t.is((await readyz(metricsPort)).status, 200, 'the metrics listener answers /readyz too');
	t.is((await unit.cli(['wait', '--for', 'db', '--timeout', '5s'])).exitCode, 0);

	rmSync(path.join(unit.cwd, 'up'));
	await until(503, ['critical sidecar db is not ready (not-ready)'], 'db unready (keep-ready)');
	t.is((await unit.cli(['wait', '--timeout', '300ms'])).exitCode, 69);
	writeFileSync(path.join(unit.cwd, 'up'), '');
	await until(200, [], 'ready again');

	t.is((await unit.cli(['signal', 'flaky', 'KILL'])).exitCode, 0);
	await until(503, ['flaky is fatal'], 'flaky fatal');
	const metricsAnswer = await readyz(metricsPort);
	t.deepEqual(metricsAnswer, {status: 503, body: {ready: false, reasons: ['flaky is fatal']}});
	const forFlaky = await unit.cli(['wait', '--for', 'flaky', '--timeout', '300ms']);
	t.is(forFlaky.exitCode, 69);
	t.regex(forFlaky.stderr, /flaky is not ready \(fatal\)/);
	const healthz = await fetch(`http://127.0.0.1:${unit.port}/healthz`);
	t.like(await healthz.json(), {ok: true, supervisorPid: unit.supervisor.pid});
});

test('sidecar wait: an unknown name is a usage error; no unit is waited for until the timeout; a bad timeout is refused', async t => {
	const unit = await startApi(t, {main: {command: fixture('forever.js')}});
	const unknown = await unit.cli(['wait', '--for', 'nope', '--timeout', '5s']);
	t.is(unknown.exitCode, 64);
	t.regex(unknown.stderr, /unable to wait for nope: no such process/);
	const cwd = makeProject(t, {'sidecar.config.json': {name: uniqueName('wait-absent'), main: {command: fixture('forever.js')}}});
	const absent = await runCli(['wait', '--timeout', '300ms'], {cwd, env: {XDG_RUNTIME_DIR: runtimeDir(t)}});
	t.is(absent.exitCode, 69);
	t.regex(absent.stderr, /not ready after 300ms \(no supervisor named wait-absent-\S+ is running/);
	t.is((await runCli(['wait', '--timeout', 'soon'], {cwd})).exitCode, 64);
});
