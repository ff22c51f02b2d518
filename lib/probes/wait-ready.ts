import {setTimeout as sleep} from 'node:timers/promises';
import type {Probe} from './probe.js';

// Polls the probe every `interval` until it passes (true) or `signal` aborts (false).
export async function waitReady(probe: Probe, interval: number, signal: AbortSignal): Promise<boolean> {
	while (!signal.aborted) {
		if (await probe.check(Math.max(interval, 1000), signal)) {
			return !signal.aborted;
		}

		// A probe that knows the moment it passes (a log line) ends the wait at once: a short-lived child is
		// then ready before its exit is handled, rather than failing start-up between two polls.
		await Promise.race([sleep(interval, undefined, {signal}).catch(() => {}), probe.passed]); // Aborted: the loop condition ends it.
	}

	return false;
}
