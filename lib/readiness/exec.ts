import {runOnce} from '../run-once.js';
import {failed, PASSED, type ProbeResult} from './result.js';

// Passes when the command exits 0 within `timeout`. It runs in a process group of its own, killed whole when the
// attempt ends: what a check forks never outlives it (docs/lifecycle.md).
export async function checkExec(command: string[], cwd: string, timeout: number, signal: AbortSignal): Promise<ProbeResult> {
	const [file, ...args] = command;
	const result = await runOnce(file!, args, {cwd, timeout, signal});
	return result.ok ? PASSED : failed(result.reason);
}
