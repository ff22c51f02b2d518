import {readFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import test, {type ExecutionContext} from 'ava';
import {fixture} from '../helpers/fixtures.js';
import {cpuMeter, rssBytes} from '../helpers/proc-usage.js';
import {makeProject} from '../helpers/project.js';
import {waitFor} from '../helpers/wait-for.js';
import {freePort} from '../helpers/ports.js';
import {logged, startUnit} from '../helpers/unit.js';

// Probes against what a careless host or a broken service gives them: each ends in a clear verdict, never a crash,
// a Node warning (startCli fails the test on one) or a supervisor that reads what it does not need.

// `sidecar run` with a 'before' sidecar `probed` whose readiness never passes: its exit code and error line.
async function startupError(t: ExecutionContext, probed: Record<string, unknown>) {
	const unit = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {probed: {command: fixture('forever.js'), ...probed}}}, logged);
	const result = await Promise.race([unit.supervisor, sleep(20_000, null)]);
	t.not(result, null, 'the supervisor was still running after 20 s');
	const line = String(result?.stderr ?? '').split('\n').find(text => text.startsWith('sidecar: unable to start probed')) ?? String(result?.stderr);
	return {exitCode: result?.exitCode, line};
}

test('an exec probe whose executable does not exist fails start-up with a line that says so', async t => {
	// 3 s: the first attempt loads execa, slow on a loaded machine.
	const {exitCode, line} = await startupError(t, {readiness: {exec: ['/nonexistent/check'], timeout: '3s'}});
	t.is(exitCode, 69);
	t.is(line, 'sidecar: unable to start probed: not ready after 3s (exec probe: unable to run /nonexistent/check: no such file or directory)');
});

test('a liveness exec probe whose executable does not exist makes the sidecar unhealthy, with the reason', async t => {
	const checked = {command: fixture('forever.js'), restart: 'never', liveness: {exec: ['/nonexistent/check'], interval: '100ms', failureThreshold: 2}};
	const unit = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {checked}}, logged);
	const [unhealthy] = await unit.until('checked', 'unhealthy', 1, 20_000);
	t.is(unhealthy!.reason, 'liveness exec probe /nonexistent/check failed 2 times in a row (last: unable to run /nonexistent/check: no such file or directory)');
	await unit.until('checked', 'exited', 1, 20_000);
	t.is(unit.supervisor.exitCode, null, 'the unit runs on');
	t.is((await unit.stop()).exitCode, 143);
});

test('a tcp probe on a host name that does not resolve fails start-up with the resolver\'s answer', async t => {
	// .invalid never resolves (RFC 6761); EAI_AGAIN where the host has no resolver at all.
	const {exitCode, line} = await startupError(t, {readiness: {tcp: 'sidecar-probe.invalid:80', timeout: '1s'}});
	t.is(exitCode, 69);
	t.regex(line, /^sidecar: unable to start probed: not ready after 1s \(tcp probe: getaddrinfo (ENOTFOUND|EAI_AGAIN) sidecar-probe\.invalid\)$/);
});

test('an http probe on a host name that does not resolve fails start-up with the resolver\'s answer', async t => {
	const {exitCode, line} = await startupError(t, {readiness: {http: 'http://sidecar-probe.invalid/healthz', timeout: '1s'}});
	t.is(exitCode, 69);
	t.regex(line, /^sidecar: unable to start probed: not ready after 1s \(http probe: getaddrinfo (ENOTFOUND|EAI_AGAIN) sidecar-probe\.invalid\)$/);
});

test('an http probe on a server that closes every connection at once says so', async t => {
	const port = await freePort();
	const {exitCode, line} = await startupError(t, {command: fixture('tcp-server.js', String(port)), readiness: {http: `http://127.0.0.1:${port}/`, timeout: '1500ms'}});
	t.is(exitCode, 69);
	t.is(line, 'sidecar: unable to start probed: not ready after 1.5s (http probe: socket hang up)');
});

test('an https probe on a plain http server fails start-up with the TLS error', async t => {
	const port = await freePort();
	const requests = path.join(makeProject(t), 'requests');
	const {exitCode, line} = await startupError(t, {command: fixture('http-answer.js', String(port), '200', requests), readiness: {http: `https://127.0.0.1:${port}/`, timeout: '1500ms'}});
	t.is(exitCode, 69);
	t.is(line, 'sidecar: unable to start probed: not ready after 1.5s (http probe: TLS: wrong version number)');
});

test('an http probe whose URL carries credentials sends them as basic auth and passes', async t => {
	const port = await freePort();
	const requests = path.join(makeProject(t), 'requests');
	const probed = {command: fixture('http-answer.js', String(port), '200', requests), readiness: {http: `http://probe:secret@127.0.0.1:${port}/healthz`, timeout: '10s'}};
	const unit = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {probed}}, logged);
	await unit.until('probed', 'ready', 1, 20_000);
	t.true(readFileSync(requests, 'utf8').includes(` Basic ${Buffer.from('probe:secret').toString('base64')}\n`));
	t.is((await unit.stop()).exitCode, 143);
});

test('an http probe on an endless body passes on its status and never reads the body', async t => {
	const port = await freePort();
	const requests = path.join(makeProject(t), 'requests');
	const command = fixture('http-answer.js', String(port), 'stream', requests);
	const url = `http://127.0.0.1:${port}/healthz`;
	const probed = {command, readiness: {http: url, timeout: '10s'}, liveness: {http: url, interval: '100ms', failureThreshold: 3}};
	const unit = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {probed}}, logged);
	await unit.until('probed', 'ready', 1, 20_000);
	const pid = unit.supervisor.pid!;
	const cores = cpuMeter(pid);
	const rssBefore = rssBytes(pid);
	let rssPeak = rssBefore;
	const watched = Date.now();
	await waitFor(() => {
		rssPeak = Math.max(rssPeak, rssBytes(pid));
		return Date.now() - watched >= 2000;
	}, 10_000, 'two seconds of liveness checks');
	const cpu = cores();
	t.log(`${cpu.toFixed(3)} cores, RSS +${((rssPeak - rssBefore) / 2 ** 20).toFixed(1)} MiB`);
	t.true(cpu < 0.1, `the supervisor used ${cpu.toFixed(3)} cores`);
	t.true(rssPeak - rssBefore < 20 * 2 ** 20, `the supervisor's RSS grew by ${((rssPeak - rssBefore) / 2 ** 20).toFixed(1)} MiB`);
	t.is(unit.events('probed', 'unhealthy').length, 0);
	t.is((await unit.stop()).exitCode, 143);
});

test('a probe whose first attempt is still running at the timeout says so', async t => {
	const {exitCode, line} = await startupError(t, {readiness: {exec: ['/bin/sleep', '30'], timeout: '500ms'}});
	t.is(exitCode, 69);
	t.is(line, 'sidecar: unable to start probed: not ready after 500ms (exec probe: its first attempt had not finished)');
});
