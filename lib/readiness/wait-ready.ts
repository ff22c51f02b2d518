import {childScope} from '../abort-scope.js';
import type {Sleep} from '../suspend-clock.js';
import {realSleep} from '../world.js';
import {pauseAfter, type Pacing} from './pacing.js';
import type {Probe} from './probe.js';

// Polls the probe at `pacing` (a fixed interval, or one that backs off: pacing.ts) until it passes (true) or `signal`
// aborts (false); each failure's reason goes to `onFailure`. Every failed attempt is followed by a real pause on
// `sleep` (the unit's clock): a probe that answers at once (a missing file, a refused port) must not spin.
export async function waitReady(probe: Probe, pacing: number | Pacing, signal: AbortSignal, onFailure: (reason: string) => void = () => {}, checkTimeout?: number, sleep: Sleep = realSleep): Promise<boolean> {
	const paced = typeof pacing === 'number' ? {interval: pacing, maxInterval: pacing} : pacing;
	checkTimeout ??= Math.max(paced.interval, 1000);
	for (let failures = 1; !signal.aborted; failures++) {
		const result = await probe.check(checkTimeout, signal);
		if (result.passed) {
			return !signal.aborted;
		}

		if (!signal.aborted) {
			onFailure(result.reason);
		}

		await pauseUnlessPassed(probe, pauseAfter(paced, failures), signal, sleep);
	}

	return false;
}

// A probe that knows the moment it passes (a log line) ends the pause at once: a short-lived child is then ready
// before its exit is handled, rather than failing start-up between two polls. The pause's timer is cancelled
// either way, so no sleep outlives its attempt.
async function pauseUnlessPassed(probe: Probe, interval: number, signal: AbortSignal, sleep: Sleep): Promise<void> {
	if (probe.passed === undefined) {
		// Nothing to race: the timer alone, whose abort listener timers/promises removes as it fires. A scope of its own
		// per pause cost a controller, two listeners and an abort (docs/benchmarks.md, waiting on a probe).
		await sleep(interval, signal);
		return;
	}

	const pause = childScope(signal);
	const slept = sleep(interval, pause.signal); // Aborted: the loop condition ends it.
	try {
		await (probe.passed === undefined ? slept : Promise.race([slept, probe.passed]));
	} finally {
		pause.abort();
	}
}
