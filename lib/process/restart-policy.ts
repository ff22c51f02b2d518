import type {ResolvedProcess} from '../config/types.js';
import {formatDuration} from '../config/units.js';
import type {ExitInfo} from './spawn.js';

export type RestartDecision = {action: 'restart'} | {action: 'stay'} | {action: 'fatal'; reason: string};

// After an exit: restart by policy, stay exited, or give up when the restart budget of the window is spent.
// `restartTimes` are the times of earlier restarts; count 2 means at most 3 starts inside the window.
export function decideRestart(
	{restart, maxRestarts}: Pick<ResolvedProcess, 'restart' | 'maxRestarts'>,
	exit: ExitInfo,
	restartTimes: readonly number[],
	now: number,
): RestartDecision {
	const failed = exit.code !== 0 || exit.signal !== null;
	if (restart === 'never' || (restart === 'on-failure' && !failed)) {
		return {action: 'stay'};
	}

	const recent = restartTimes.filter(time => now - time < maxRestarts.window).length;
	if (recent >= maxRestarts.count) {
		const last = exit.signal === null ? `exit code ${exit.code}` : `signal ${exit.signal}`;
		return {action: 'fatal', reason: `${recent} restarts in ${formatDuration(maxRestarts.window)}, last ${last}`};
	}

	return {action: 'restart'};
}
