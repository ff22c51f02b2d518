import {formatDuration} from '../config/units.js';
import type {StoppedFor} from './restart-policy.js';

// A task's run that outlasts its `timeout` is stopped as at shutdown (stopSignal, then SIGKILL of the tree after
// stopTimeout) and counts as a failure for its restart policy (docs/restarts.md, Exit codes). Nothing once `signal` ends
// the run first, and nothing for a command that never started.
export async function limitTaskRun(
	timeout: number | null,
	pid: number | null,
	sleep: (ms: number, signal: AbortSignal) => Promise<boolean>,
	recycle: (reason: string, as: StoppedFor) => Promise<void>,
	signal: AbortSignal,
): Promise<void> {
	if (timeout !== null && pid !== null && await sleep(timeout, signal)) {
		await recycle(`timed out after ${formatDuration(timeout)}`, 'timed out');
	}
}
