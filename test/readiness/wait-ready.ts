import {getEventListeners} from 'node:events';
import test from 'ava';
import {waitReady} from '../../lib/readiness/wait-ready.js';
import type {Probe} from '../../lib/readiness/probe.js';
import {failed, PASSED} from '../../lib/readiness/result.js';

// A probe that fails `failures` times, then passes; it records how many abort listeners its signal held at each check.
function failingProbe(failures: number, signal: AbortSignal, withPassed: boolean): Probe & {held: number[]} {
	const held: number[] = [];
	return {
		held,
		check: async () => {
			held.push(getEventListeners(signal, 'abort').length);
			return held.length > failures ? PASSED : failed('refused');
		},
		...(withPassed ? {passed: new Promise<void>(() => {})} : {}),
	};
}

for (const withPassed of [false, true]) {
	test(`every pause between failed attempts takes its listener off the signal again${withPassed ? ' (a probe that can pass between polls)' : ''}`, async t => {
		const unit = new AbortController();
		const probe = failingProbe(100, unit.signal, withPassed);
		const reasons: string[] = [];
		t.true(await waitReady(probe, 1, unit.signal, reason => reasons.push(reason)));
		t.is(reasons.length, 100);
		t.true(probe.held.every(count => count === probe.held[0]), `listeners at each check: ${[...new Set(probe.held)].join(', ')}`);
		t.is(getEventListeners(unit.signal, 'abort').length, 0);
	});
}

test('an abort during the pause ends the wait at once, with false', async t => {
	const unit = new AbortController();
	const waiting = waitReady(failingProbe(Number.POSITIVE_INFINITY, unit.signal, false), 60_000, unit.signal);
	setTimeout(() => unit.abort(), 50);
	const started = performance.now();
	t.false(await waiting);
	t.true(performance.now() - started < 5000);
});
