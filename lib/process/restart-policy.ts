import type {ResolvedProcess} from '../config/types.js';
import {formatDuration} from '../config/units.js';
import type {ExitInfo} from './spawn.js';

export type RestartDecision =
	| {action: 'restart'}
	| {action: 'stay'}
	| {action: 'fatal'; reason: string; restarts: number; windowMs: number};

type Policy = Pick<ResolvedProcess, 'restart' | 'maxRestarts'> & Partial<Pick<ResolvedProcess, 'successCodes' | 'neverRestartOn' | 'critical'>>;

// Why the supervisor stopped a spawn it then counts as failed (docs/restarts.md, Exit codes): a failing liveness
// probe, a memory limit, a failed postStart hook, or a task's run that outlasted its timeout.
export type StoppedFor = 'liveness failed' | 'memory over limit' | 'postStart failed' | 'timed out';

// An exit that counts as success: code 0 or one of successCodes, not by a signal (docs/restarts.md, Exit codes).
export const isSuccessfulExit = ({successCodes = []}: Pick<Policy, 'successCodes'>, exit: ExitInfo): boolean =>
	exit.signal === null && exit.error === undefined && (exit.code === 0 || successCodes.includes(exit.code ?? -1));

// After an exit: restart by policy, stay exited, or give up when the restart budget of the window is spent, or at
// once for a code in neverRestartOn. `restartTimes` are the times of earlier restarts; count 2 means at most 3 starts
// inside the window. `stoppedFor`: the supervisor stopped this spawn, a failure whatever its exit code. A critical
// process that fails with no restart left goes fatal, so that it stops the unit (docs/restarts.md).
export function decideRestart(
	policy: Policy,
	exit: ExitInfo,
	restartTimes: readonly number[],
	now: number,
	stoppedFor: StoppedFor | null = null,
): RestartDecision {
	const {restart, maxRestarts, neverRestartOn = []} = policy;
	const failed = stoppedFor !== null || !isSuccessfulExit(policy, exit);
	const recent = restartTimes.filter(time => now - time < maxRestarts.window).length;
	if (failed && stoppedFor === null && exit.signal === null && neverRestartOn.includes(exit.code ?? -1)) {
		return {action: 'fatal', reason: `exit code ${exit.code} is in neverRestartOn`, restarts: recent, windowMs: maxRestarts.window};
	}

	const last = `${stoppedFor === null ? '' : `${stoppedFor}, then `}${exit.signal === null ? `exit code ${exit.code}` : `signal ${exit.signal}`}`;
	if (restart === 'never' || (restart === 'on-failure' && !failed)) {
		return failed && policy.critical === true
			? {action: 'fatal', reason: `${last} with restart 'never'`, restarts: recent, windowMs: maxRestarts.window}
			: {action: 'stay'};
	}

	if (recent >= maxRestarts.count) {
		const reason = `${recent} restarts in ${formatDuration(maxRestarts.window)} (maxRestarts.count ${maxRestarts.count}), last ${last}`;
		return {action: 'fatal', reason, restarts: recent, windowMs: maxRestarts.window};
	}

	return {action: 'restart'};
}
