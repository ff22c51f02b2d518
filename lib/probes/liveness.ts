import {setTimeout as sleep} from 'node:timers/promises';
import type {ResolvedLiveness, ResolvedProbe, ResolvedProcess} from '../config/types.js';
import type {Logger} from '../logs/logger.js';
import {createProbe, type Probe} from './probe.js';

// A change of verdict: unhealthy once failureThreshold checks in a row failed, healthy again on the next pass.
export type LivenessVerdict = {healthy: false; reason: string} | {healthy: true};

// Checks `probe` every interval, after initialDelay, until `signal` aborts (the spawn ended); reports only changes.
// As Kubernetes' livenessProbe: one slow or failed check is not enough, failureThreshold in a row are.
export async function watchLiveness(
	spec: ResolvedLiveness,
	probe: Probe,
	report: (verdict: LivenessVerdict) => void,
	signal: AbortSignal,
): Promise<void> {
	let failures = 0;
	await pause(spec.initialDelay, signal);
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

		await pause(spec.interval, signal);
	}
}

// What liveness needs of a ManagedProcess.
export type Watched = {
	readonly name: string;
	readonly spec: ResolvedProcess;
	readonly pid: number | null;
	healthy: boolean;
	recycle: (reason: string) => Promise<void>;
};

// One spawn's liveness, from ready until `signal` ends the spawn (issue 3): a failing sidecar is stopped
// and left to its restart policy; a failing main is only reported (logged, and `healthy` in status).
export async function guardLiveness(process: Watched, logger: Pick<Logger, 'event'>, signal: AbortSignal): Promise<void> {
	const {liveness, kind, restart, cwd} = process.spec;
	if (liveness === null) {
		return;
	}

	await watchLiveness(liveness, createProbe(liveness.probe, () => () => {}, cwd), verdict => {
		process.healthy = verdict.healthy;
		if (!verdict.healthy) {
			const action = kind === 'main' ? 'none (main is only reported)' : `stop (restart policy: ${restart})`;
			logger.event(process.name, 'unhealthy', {pid: process.pid, reason: verdict.reason, action});
			if (kind === 'sidecar') {
				void process.recycle(verdict.reason);
			}
		}
	}, signal);
}

// `http probe http://127.0.0.1:9000/healthz`, `tcp probe 127.0.0.1:9000`, `exec probe ./check.sh`.
export function describeProbe(probe: ResolvedProbe): string {
	switch (probe.kind) {
		case 'tcp': {
			return `tcp probe ${probe.host}:${probe.port}`;
		}

		case 'http': {
			return `http probe ${probe.url}`;
		}

		case 'exec': {
			return `exec probe ${probe.command.join(' ')}`;
		}

		case 'log': {
			return `log probe /${probe.pattern}/`;
		}

		case 'file': {
			return `file probe ${probe.path}`;
		}
	}
}

const pause = async (ms: number, signal: AbortSignal): Promise<void> =>
	sleep(ms, undefined, {signal}).catch(() => {}); // Aborted: the caller's loop condition ends it.
