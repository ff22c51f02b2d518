import {setImmediate as turn} from 'node:timers/promises';
import test from 'ava';
import {discardStraddling} from '../lib/readiness/discard-straddling.js';
import {failed, PASSED, type ProbeResult} from '../lib/readiness/result.js';
import {decideRestart} from '../lib/process/restart-policy.js';
import {SuspendClock, type Sleep} from '../lib/suspend-clock.js';

const TEN_MINUTES = 600_000;

// A real clock played by hand: CLOCK_MONOTONIC goes on while the process is stopped, so on resume every timer that
// came due meanwhile fires at once, before the SIGCONT handler has run (`advance` without `resume`).
function fakeTime() {
	let now = 0;
	const timers = new Set<{at: number; wake: (fired: boolean) => void}>();
	const realSleep: Sleep = async (ms, signal) => new Promise(resolve => {
		const timer = {at: now + ms, wake: resolve};
		timers.add(timer);
		signal.addEventListener('abort', () => {
			timers.delete(timer);
			resolve(false);
		}, {once: true});
	});
	const advance = async (ms: number) => {
		now += ms;
		for (const timer of [...timers].filter(({at}) => at <= now)) {
			timers.delete(timer);
			timer.wake(true);
		}

		await turn(); // Let what the timers woke run.
	};

	return {clock: new SuspendClock(() => now, realSleep), advance, real: () => now};
}

test('unit time stands still while suspended and goes on from there after', async t => {
	const {clock, advance} = fakeTime();
	await advance(400);
	clock.suspend();
	await advance(TEN_MINUTES);
	t.is(clock.now(), 400);
	t.is(clock.resume(), TEN_MINUTES);
	await advance(100);
	t.is(clock.now(), 500);
});

test('a readiness timeout of 1 s started before a 10-minute suspension ends 1 s of unit time later, to the millisecond', async t => {
	const {clock, advance, real} = fakeTime();
	const expired: number[] = [];
	void clock.sleep(1000, new AbortController().signal).then(() => expired.push(real()));
	await advance(400);
	clock.suspend();
	await advance(TEN_MINUTES); // The timer fires at once on resume, before resume() is called: it must sleep on.
	t.deepEqual(expired, []);
	clock.resume();
	await advance(599);
	t.deepEqual(expired, []);
	await advance(1);
	t.deepEqual(expired, [400 + TEN_MINUTES + 600]);
});

test('a sleep aborted while suspended resolves false at once', async t => {
	const {clock, advance} = fakeTime();
	const controller = new AbortController();
	const slept = clock.sleep(1000, controller.signal);
	clock.suspend();
	await advance(2000);
	controller.abort();
	t.false(await slept);
});

test('a restart before a 10-minute suspension still counts in a 60 s window after it: suspended time spends no budget and refills none', async t => {
	const {clock, advance} = fakeTime();
	const policy = {restart: 'always', maxRestarts: {count: 1, window: 60_000}} as const;
	const restartedAt = clock.now();
	await advance(30_000);
	clock.suspend();
	await advance(TEN_MINUTES);
	clock.resume();
	await advance(1000);
	t.like(decideRestart(policy, {code: 1, signal: null}, [restartedAt], clock.now()), {action: 'fatal', restarts: 1});
	await advance(29_000);
	t.deepEqual(decideRestart(policy, {code: 1, signal: null}, [restartedAt], clock.now()), {action: 'restart'});
});

test('a probe check that straddles a suspension is discarded and checked again once the unit runs', async t => {
	const {clock, advance} = fakeTime();
	const results: ProbeResult[] = [failed('timed out after 1s'), PASSED];
	let checks = 0;
	const probe = discardStraddling({
		async check() {
			checks++;
			if (checks === 1) {
				clock.suspend(); // Ctrl-Z lands while the first check is in flight; its timeout fires on resume.
				await advance(TEN_MINUTES);
			}

			return results.shift()!;
		},
	}, clock);
	const verdict = probe.check(1000, new AbortController().signal);
	await advance(0);
	t.is(checks, 1, 'the second check waits for the unit to run');
	clock.resume();
	t.deepEqual(await verdict, PASSED);
	t.is(checks, 2);
});

test('a probe check that does not straddle a suspension counts as it is', async t => {
	const {clock} = fakeTime();
	const probe = discardStraddling({check: async () => failed('connect ECONNREFUSED')}, clock);
	t.deepEqual(await probe.check(1000, new AbortController().signal), failed('connect ECONNREFUSED'));
});

test('those who keep a deadline elsewhere prepare before each suspension and hear of each resume, until their signal aborts', async t => {
	const {clock} = fakeTime();
	const heard: string[] = [];
	const scope = new AbortController();
	clock.onSuspend(async () => {
		heard.push('prepare');
	}, () => heard.push('resumed'), scope.signal);
	await clock.prepare();
	clock.suspend();
	clock.resume();
	scope.abort();
	await clock.prepare();
	clock.suspend();
	clock.resume();
	t.deepEqual(heard, ['prepare', 'resumed']);
});

test('a probe check asked for while the unit is still suspended waits until it runs', async t => {
	const {clock} = fakeTime();
	let checks = 0;
	const probe = discardStraddling({
		async check() {
			checks++;
			return PASSED;
		},
	}, clock);
	clock.suspend();
	const verdict = probe.check(1000, new AbortController().signal);
	await turn();
	t.is(checks, 0);
	clock.resume();
	t.deepEqual(await verdict, PASSED);
	t.is(checks, 1);
});
