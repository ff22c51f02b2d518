import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {fixture} from '../helpers/fixtures.js';
import {cpuMeter, rssBytes} from '../helpers/proc-usage.js';
import {makeProject} from '../helpers/project.js';
import {waitFor} from '../helpers/wait-for.js';
import {assertPaced, attemptTimes} from './_pacing.js';
import {freePort} from '../helpers/ports.js';
import {logged, startUnit} from '../helpers/unit.js';

// Liveness probes that never pass (issue 11): checks keep their interval and their timeout, and the supervisor
// sleeps in between. failureThreshold is set out of reach, so the sidecar is never restarted while measured.
const INTERVAL = 100;
const WATCHED = 2000;
const MAX_CORES = 0.1;
const MAX_RSS_GROWTH = 40 * 1024 * 1024;

// Runs a sidecar `checked` with `liveness` for WATCHED ms after its first check (seen in `attempts`, or at once).
async function neverHealthy(t: ExecutionContext, liveness: Record<string, unknown>, command: string[], attempts?: string) {
	const checked = {command, liveness: {interval: `${INTERVAL}ms`, failureThreshold: 1_000_000, ...liveness}};
	const unit = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {checked}}, logged);
	const pid = unit.supervisor.pid!;
	await unit.until('checked', 'ready', 1, 20_000);
	if (attempts !== undefined) {
		await waitFor(() => attemptTimes(attempts).length > 0, 10_000, 'the first check');
	}

	const cores = cpuMeter(pid);
	const rssBefore = rssBytes(pid);
	const started = Date.now();
	let rssPeak = rssBefore;
	await waitFor(() => {
		rssPeak = Math.max(rssPeak, rssBytes(pid));
		return Date.now() - started >= WATCHED;
	}, WATCHED * 5, 'the checks to be watched');
	const cpu = cores();
	t.is(unit.supervisor.exitCode, null, 'the unit runs on');
	t.is(unit.events('checked', 'unhealthy').length, 0);
	t.true(cpu < MAX_CORES, `the supervisor used ${cpu.toFixed(3)} cores while checks failed`);
	t.true(rssPeak - rssBefore < MAX_RSS_GROWTH, `the supervisor's RSS grew by ${((rssPeak - rssBefore) / 2 ** 20).toFixed(1)} MiB`);
	t.log(`${cpu.toFixed(3)} cores, RSS +${((rssPeak - rssBefore) / 2 ** 20).toFixed(1)} MiB`);
	const result = await unit.stop();
	t.is(result.exitCode, 143, 'main, stopped by SIGTERM');
}

test('a liveness tcp probe on a closed port keeps its interval, idle in between', async t => {
	await neverHealthy(t, {tcp: await freePort()}, fixture('forever.js'));
});

test('a liveness exec probe that exits 1 runs once per interval', async t => {
	const runs = path.join(makeProject(t), 'runs');
	await neverHealthy(t, {exec: ['/bin/sh', '-c', `date +%s%3N >> '${runs}'; exit 1`]}, fixture('forever.js'), runs);
	assertPaced(t, attemptTimes(runs), {period: INTERVAL, window: WATCHED, extra: 2});
});

test('a liveness http probe answered 500 runs once per interval', async t => {
	const port = await freePort();
	const requests = path.join(makeProject(t), 'requests');
	await neverHealthy(t, {http: `http://127.0.0.1:${port}/healthz`}, fixture('http-answer.js', String(port), '500', requests), requests);
	assertPaced(t, attemptTimes(requests), {period: INTERVAL, window: WATCHED, extra: 2});
});

test('a liveness http probe that is never answered gives up each check at its timeout', async t => {
	const port = await freePort();
	const requests = path.join(makeProject(t), 'requests');
	await neverHealthy(t, {http: `http://127.0.0.1:${port}/healthz`, timeout: '300ms'}, fixture('http-answer.js', String(port), 'hang', requests), requests);
	// A check ends at its 300 ms timeout, then pauses for the interval; ended by it, not left to hang.
	const times = attemptTimes(requests);
	assertPaced(t, times, {period: 300 + INTERVAL, window: WATCHED, extra: 2});
	t.true(times.filter(time => time - times[0]! <= WATCHED).length >= 3, 'hung checks were ended by their timeout');
});
