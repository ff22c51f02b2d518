import test from 'ava';
import {watchLiveness, type LivenessVerdict} from '../../lib/readiness/liveness.js';
import {fixture} from '../helpers/fixtures.js';
import {freePort} from '../helpers/ports.js';
import {isAlive} from '../helpers/processes.js';
import {waitFor} from '../helpers/wait-for.js';
import {at, logged, startUnit} from '../helpers/unit.js';

const spec = {probe: {kind: 'tcp' as const, host: '127.0.0.1', port: 1}, interval: 5, timeout: 50, failureThreshold: 3, initialDelay: 0, action: 'restart' as const};

// Runs watchLiveness over scripted results (true = pass) until they run out; returns the verdicts.
async function script(results: boolean[], overrides: Partial<typeof spec> = {}) {
	const verdicts: LivenessVerdict[] = [];
	const scope = new AbortController();
	let checks = 0;
	const probe = {check: async () => {
		if (checks === results.length) {
			scope.abort(); // Every scripted result is in: end the watch.
			return {passed: false as const, reason: 'aborted'};
		}

		return results[checks++]! ? {passed: true as const} : {passed: false as const, reason: `check ${checks} failed`};
	}};
	await watchLiveness({...spec, ...overrides}, probe, verdict => verdicts.push(verdict), scope.signal);
	return {verdicts};
}

test('failureThreshold failures in a row make one unhealthy verdict with the reason', async t => {
	const {verdicts} = await script([true, false, false, false, false, false, true]);
	t.deepEqual(verdicts, [{healthy: false, reason: 'liveness tcp probe 127.0.0.1:1 failed 3 times in a row (last: check 4 failed)'}, {healthy: true}]);
});

test('a pass in between resets the count', async t => {
	const {verdicts} = await script([false, false, true, false, false, true, false, false, true]);
	t.deepEqual(verdicts, []);
});

test('the first check waits initialDelay', async t => {
	const started = Date.now();
	await script([true], {initialDelay: 150});
	t.true(Date.now() - started >= 145);
});

test('an aborted signal ends the watch without a verdict', async t => {
	const verdicts: LivenessVerdict[] = [];
	await watchLiveness(spec, {check: async () => ({passed: false, reason: 'never'})}, verdict => verdicts.push(verdict), AbortSignal.abort());
	t.deepEqual(verdicts, []);
});

const liveness = (port: number) => ({http: `http://127.0.0.1:${port}/healthz`, interval: '100ms', timeout: '100ms', failureThreshold: 3});

test('a hung sidecar is stopped and restarted by its policy; main is untouched', async t => {
	const port = await freePort();
	const health = {command: fixture('hang-http.js', String(port), '3'), restart: 'on-failure', backoff: {initial: 10},
		readiness: {http: `http://127.0.0.1:${port}/healthz`}, liveness: liveness(port)};
	const {stop, events, until} = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {health}}, logged);
	const [first, second] = await until('health', 'starting', 2);
	const [unhealthy] = events('health', 'unhealthy');
	await stop();
	t.regex(String(unhealthy!.reason), new RegExp(`^liveness http probe http://127.0.0.1:${port}/healthz failed 3 times in a row \\(last: no answer within 100ms\\)$`));
	t.is(unhealthy!.pid, first!.pid);
	const [stopping] = events('health', 'stopping');
	t.like(stopping, {pid: first!.pid, signal: 'SIGTERM', reason: unhealthy!.reason});
	// It exits 0 on SIGTERM, yet on-failure restarts it: a liveness stop counts as a failure.
	t.like(events('health', 'exited')[0], {pid: first!.pid, code: 0});
	t.like(events('health', 'restarting')[0], {reason: unhealthy!.reason});
	t.not(second!.pid, first!.pid);
	t.true(at(unhealthy!) <= at(stopping!) && at(stopping!) <= at(second!));
	t.is(events('main', 'starting').length, 1);
	t.is(events('main', 'stopping').length, 1, 'main was stopped only by the shutdown');
});

test('a hung sidecar with restart "never" is stopped and stays down', async t => {
	const port = await freePort();
	const health = {command: fixture('hang-http.js', String(port), '0'), restart: 'never', liveness: liveness(port)};
	const {stop, events, until} = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {health}}, logged);
	await until('health', 'exited');
	await stop();
	t.is(events('health', 'unhealthy').length, 1);
	t.is(events('health', 'starting').length, 1);
	t.is(events('health', 'restarting').length, 0);
});

test('an unhealthy main is reported, never stopped', async t => {
	const port = await freePort();
	const main = {command: fixture('hang-http.js', String(port), '0'), liveness: {...liveness(port), interval: '50ms'}};
	const {stop, events, until} = await startUnit(t, {main}, logged);
	const [unhealthy] = await until('main', 'unhealthy');
	const pid = events('main', 'starting')[0]!.pid as number;
	t.like(unhealthy, {pid, action: 'none (main is only reported)'});
	// Well past another failureThreshold × interval: main is still the same process, never stopped.
	await waitFor(() => Date.now() - at(unhealthy!) > 500, 5000, 'half a second');
	t.true(isAlive(pid));
	t.deepEqual([events('main', 'stopping').length, events('main', 'starting').length], [0, 1]);
	await stop();
});
