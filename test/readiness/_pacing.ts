import {readFileSync} from 'node:fs';
import type {ExecutionContext} from 'ava';

// The times (ms) of the attempts a fixture wrote to `file`, one line each (an exec probe's `date +%s%3N`,
// test/fixtures/http-answer.js).
export function attemptTimes(file: string): number[] {
	try {
		return readFileSync(file, 'utf8').split('\n').filter(Boolean).map(line => Number.parseInt(line, 10));
	} catch {
		return [];
	}
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

// Attempts start at least `period` apart (the interval, or a check's timeout plus the interval), so `window` ms hold
// at most window ÷ period + `extra` of them. The times are taken where each attempt lands (a fixture on a loaded
// machine writes some late and the next on time), so single gaps jitter: their median, and the count, do not.
export function assertPaced(t: ExecutionContext, times: number[], {period, window, extra, least = 3}: {period: number; window: number; extra: number; least?: number}): void {
	const inWindow = times.filter(time => time - times[0]! <= window);
	const gaps = times.slice(1).map((time, index) => time - times[index]!);
	t.log(`${times.length} attempts (${inWindow.length} in ${window}ms), gaps ${gaps.join(' ')} ms`);
	t.true(times.length >= least, `only ${times.length} attempts`);
	t.true(inWindow.length <= window / period + extra, `${inWindow.length} attempts in ${window}ms, ${period}ms apart at least`);
	t.true(median(gaps) >= period * 0.9 - 2, `attempts closer than ${period}ms: gaps ${gaps.join(', ')}`);
}
