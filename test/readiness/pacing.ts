import test from 'ava';
import {resolveReadiness} from '../../lib/config/resolve-probe.js';
import type {Issue} from '../../lib/errors.js';
import {FAST_ATTEMPTS, pauseAfter} from '../../lib/readiness/pacing.js';
import type {Probe} from '../../lib/readiness/probe.js';
import {failed, PASSED} from '../../lib/readiness/result.js';
import {waitReady} from '../../lib/readiness/wait-ready.js';

// A probe failing `failures` times, then passing; and a sleep that records each pause and returns at once.
async function pauses(pacing: Parameters<typeof waitReady>[1], failures: number): Promise<number[]> {
	let attempts = 0;
	const probe: Probe = {check: async () => (++attempts > failures ? PASSED : failed('refused'))};
	const slept: number[] = [];
	const sleep = async (ms: number) => {
		slept.push(ms);
		return true;
	};

	await waitReady(probe, pacing, new AbortController().signal, () => {}, 1000, sleep);
	return slept;
}

test('the default pacing tries ten times 100 ms apart, then doubles each pause up to 1 s', async t => {
	t.deepEqual(await pauses({interval: 100, maxInterval: 1000}, 16), [...Array.from({length: FAST_ATTEMPTS}, () => 100), 200, 400, 800, 1000, 1000, 1000]);
});

test('a set interval is kept for every pause', async t => {
	t.deepEqual(await pauses(250, 14), Array.from({length: 14}, () => 250));
	t.deepEqual(await pauses({interval: 250, maxInterval: 250}, 14), Array.from({length: 14}, () => 250));
});

test('a pause never exceeds maxInterval however long the wait, nor falls under interval', t => {
	t.is(pauseAfter({interval: 100, maxInterval: 1000}, 5000), 1000);
	t.is(pauseAfter({interval: 100, maxInterval: 1000}, 1), 100);
	// An interval longer than the default maximum is still the pause.
	t.is(pauseAfter({interval: 5000, maxInterval: 5000}, 20), 5000);
});

test('readiness with no interval backs off to 1 s; with an interval it is fixed', t => {
	const issues: Issue[] = [];
	const unset = resolveReadiness('sidecars.db.readiness', {tcp: 5432}, '/', issues);
	const set = resolveReadiness('sidecars.db.readiness', {tcp: 5432, interval: '100ms'}, '/', issues);
	t.deepEqual(issues, []);
	t.like(unset, {interval: 100, maxInterval: 1000, checkTimeout: 1000});
	t.like(set, {interval: 100, maxInterval: 100, checkTimeout: 1000});
});
