import test from 'ava';
import {DEFAULTS} from '../../lib/config/defaults.js';
import {backoffDelay} from '../../lib/process/backoff.js';

const policy = {initial: 100, factor: 2, max: 1000, resetAfter: 60_000};
const noJitter = () => 0;
const fullJitter = () => 1;
const delayIs = test.macro((t, attempt: number, expected: number) => {
	t.is(backoffDelay(policy, attempt, noJitter), expected);
});

test('the first restart waits the initial delay', delayIs, 0, 100);
test('each restart multiplies the delay by the factor', delayIs, 3, 800);
test('the delay never exceeds max', delayIs, 10, 1000);
test('a huge attempt number still gives max', delayIs, 5000, 1000);

test('jitter makes a delay up to 10 % shorter, never longer', t => {
	t.is(backoffDelay(policy, 2, fullJitter), 360);
	t.is(backoffDelay(policy, 10, fullJitter), 900);
	for (let index = 0; index < 200; index++) {
		const delay = backoffDelay(policy, 10);
		t.true(delay >= 900 && delay <= 1000, `delay ${delay}`);
	}
});

test('sidecars at the ceiling do not restart in lock-step', t => {
	const delays = new Set(Array.from({length: 50}, () => backoffDelay(policy, 20)));
	t.true(delays.size > 10, `only ${delays.size} distinct delays`);
});

test('a factor of 1 keeps a constant delay', t => {
	t.is(backoffDelay({...policy, factor: 1}, 7, noJitter), 100);
});

test('the defaults come back fast, then settle at 30 s', t => {
	const delays = Array.from({length: 12}, (_, attempt) => backoffDelay(DEFAULTS.backoff, attempt, noJitter));
	t.deepEqual(delays, [100, 200, 400, 800, 1600, 3200, 6400, 12_800, 25_600, 30_000, 30_000, 30_000]);
	t.is(DEFAULTS.backoff.resetAfter, 60_000);
});
