import type {ResolvedReadiness} from '../config/types.js';
import type {Sleep} from '../suspend-clock.js';
import {realSleep} from '../world.js';
import {describeProbe} from './describe.js';
import type {Probe} from './probe.js';

// A change of readiness after the first pass: not ready once failureThreshold checks in a row failed, ready again
// once successThreshold checks in a row passed (Kubernetes' readinessProbe; docs/lifecycle.md, Probes).
export type ReadinessVerdict = {ready: false; reason: string} | {ready: true};

// Checks `probe` every `period` (on `sleep`, the unit's clock) from the first pass until `signal` aborts (the spawn
// ended); reports only changes. It never restarts anything: liveness is the only probe that does.
export async function keepReady(readiness: ResolvedReadiness, probe: Probe, report: (verdict: ReadinessVerdict) => void, signal: AbortSignal, sleep: Sleep = realSleep): Promise<void> {
	const {period, checkTimeout, failureThreshold, successThreshold} = readiness;
	if (period === null) {
		return;
	}

	let ready = true;
	let streak = 0; // Failures in a row while ready, passes in a row while not.
	while (!signal.aborted) {
		await sleep(period, signal); // Aborted: the loop condition ends it.
		if (signal.aborted) {
			return;
		}

		const result = await probe.check(checkTimeout, signal);
		if (signal.aborted) {
			return;
		}

		streak = result.passed === ready ? 0 : streak + 1;
		if (ready && !result.passed && streak >= failureThreshold) {
			ready = false;
			streak = 0;
			report({ready: false, reason: `readiness ${describeProbe(readiness.probe)} failed ${failureThreshold} times in a row (last: ${result.reason})`});
		} else if (!ready && result.passed && streak >= successThreshold) {
			ready = true;
			streak = 0;
			report({ready: true});
		}
	}
}
