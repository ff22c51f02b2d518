import type {ResolvedLiveness, ResolvedProcess} from '../config/types.js';
import type {UnitEvents} from '../events/unit-events.js';
import type {Sleep, SuspendNotice} from '../suspend-clock.js';
import {realSleep} from '../world.js';
import {describeProbe} from './describe.js';
import {discardStraddling} from './discard-straddling.js';
import {createProbe} from './create-probe.js';
import type {Probe} from './probe.js';

// A change of verdict: unhealthy once failureThreshold checks in a row failed, healthy again on the next pass.
export type LivenessVerdict = {healthy: false; reason: string} | {healthy: true};

// Checks `probe` every interval, after initialDelay (on `sleep`, the unit's clock), until `signal` aborts (the spawn
// ended); reports only changes. As Kubernetes' livenessProbe: one slow or failed check is not enough, failureThreshold
// in a row are.
export async function watchLiveness(
	spec: ResolvedLiveness,
	probe: Probe,
	report: (verdict: LivenessVerdict) => void,
	signal: AbortSignal,
	sleep: Sleep = realSleep,
): Promise<void> {
	let failures = 0;
	await sleep(spec.initialDelay, signal); // Aborted: the loop condition ends it.
	while (!signal.aborted) {
		const result = await probe.check(spec.timeout, signal);
		if (signal.aborted) {
			return;
		}

		if (result.passed) {
			if (failures >= spec.failureThreshold) {
				report({healthy: true});
			}

			failures = 0;
		} else if (++failures === spec.failureThreshold) {
			report({healthy: false, reason: `liveness ${describeProbe(spec.probe)} failed ${failures} times in a row (last: ${result.reason})`});
		}

		await sleep(spec.interval, signal);
	}
}

// What liveness reads of a process.
// `stderrTail`: its last stderr lines, sent with `unhealthy` (crash context).
export type LivenessTarget = {readonly name: string; readonly spec: ResolvedProcess; readonly pid: number | null; readonly stderrTail?: readonly string[]};

// One spawn's liveness, from ready until `signal` ends the spawn (docs/restarts.md): each change of verdict goes to
// `report` (a failing sidecar is then stopped and left to its restart policy; a failing main is only reported) and
// an unhealthy one is published. A check that straddled a suspension of the unit (`notice`) does not count.
export async function guardLiveness(watched: LivenessTarget, report: (verdict: LivenessVerdict) => void, events: UnitEvents, signal: AbortSignal, sleep: Sleep, notice?: SuspendNotice): Promise<void> {
	const {liveness, kind, restart, cwd} = watched.spec;
	if (liveness === null) {
		return;
	}

	await watchLiveness(liveness, discardStraddling(createProbe(liveness.probe, cwd), notice), verdict => {
		if (!verdict.healthy) {
			const action = kind === 'sidecar' ? `stop (restart policy: ${restart})` : mainActions[liveness.action];
			const stderr = watched.stderrTail?.length ? [...watched.stderrTail] : undefined;
			events.publish({event: 'unhealthy', name: watched.name, pid: watched.pid, reason: verdict.reason, action, stderr});
		}

		report(verdict);
	}, signal, sleep);
}

// What a failing main's liveness does, as its `unhealthy` event says (supervisor/main-liveness.ts acts on it).
const mainActions = {report: 'none (main is only reported)', restart: 'restart main', exit: 'stop the unit (exit 70)'} as const;

