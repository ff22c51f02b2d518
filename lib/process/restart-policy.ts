import type {ResolvedProcess} from '../config/types.js';
import {formatDuration} from '../config/units.js';
import type {ExitInfo} from './spawn.js';

export type RestartDecision =
	| {action: 'restart'}
	| {action: 'stay'}
	| {action: 'fatal'; reason: string; restarts: number; windowMs: number};

// After an exit: restart by policy, stay exited, or give up when the restart budget of the window is spent.
// `restartTimes` are the times of earlier restarts; count 2 means at most 3 starts inside the window.
// `unhealthy`: the supervisor stopped this spawn for failing its liveness probe, a failure whatever its exit code.
export function decideRestart(
	{restart, maxRestarts}: Pick<ResolvedProcess, 'restart' | 'maxRestarts'>,
	exit: ExitInfo,
	restartTimes: readonly number[],
	now: number,
	unhealthy = false,
): RestartDecision {
	const failed = unhealthy || exit.code !== 0 || exit.signal !== null;
	if (restart === 'never' || (restart === 'on-failure' && !failed)) {
		return {action: 'stay'};
	}

	const recent = restartTimes.filter(time => now - time < maxRestarts.window).length;
	if (recent >= maxRestarts.count) {
		const last = `${unhealthy ? 'unhealthy, then ' : ''}${exit.signal === null ? `exit code ${exit.code}` : `signal ${exit.signal}`}`;
		const reason = `${recent} restarts in ${formatDuration(maxRestarts.window)} (maxRestarts.count ${maxRestarts.count}), last ${last}`;
		return {action: 'fatal', reason, restarts: recent, windowMs: maxRestarts.window};
	}

	return {action: 'restart'};
}
