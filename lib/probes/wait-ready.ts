import {setTimeout as sleep} from 'node:timers/promises';
import type {Probe} from './probe.js';

// Polls the probe every `interval` until it passes (true) or `signal` aborts (false).
export async function waitReady(probe: Probe, interval: number, signal: AbortSignal): Promise<boolean> {
	while (!signal.aborted) {
		if (await probe.check(Math.max(interval, 1000), signal)) {
			return !signal.aborted;
		}

		await sleep(interval, undefined, {signal}).catch(() => {}); // Aborted: the loop condition ends it.
	}

	return false;
}
