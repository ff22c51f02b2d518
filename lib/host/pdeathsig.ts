import {execFile} from 'node:child_process';
import {findProgram, type MissingHelper} from '../process/helper-programs.js';

// util-linux's setpriv asks the kernel (prctl PR_SET_PDEATHSIG) to SIGKILL the child when the supervisor
// dies, even by SIGKILL, then execs the real argv (same pid, same process group). Linux only.
const LOST = 'children are not killed at once when the supervisor is SIGKILLed; the group watcher and the next start still end them';

// The parent-death prefix for every spawn, and what is missing when there is none.
export type ParentDeath = {prefix: string[]; missing: MissingHelper | null};

// The argv prefix that makes a child die with the supervisor, or [] where no working setpriv exists (macOS, BSDs,
// minimal images, util-linux < 2.33 without --pdeathsig), with what is missing then. setpriv is found on PATH, as a
// spawn would find it. Run once at start-up; `sidecar run` starts it before loading the config, which it does not need.
export async function findParentDeathPrefix(searchPath = process.env.PATH, platform = process.platform): Promise<ParentDeath> {
	if (platform !== 'linux') {
		return {prefix: [], missing: null}; // No such thing to miss: docs/host.md says what holds there.
	}

	const file = findProgram('setpriv', searchPath);
	if (file === null) {
		return {prefix: [], missing: {program: 'setpriv', lost: LOST}};
	}

	const prefix = [file, '--pdeathsig', 'SIGKILL', '--'];
	// A real run, not a version check: it proves the option exists and the kernel accepts it here. /bin/sh (which the
	// watcher needs anyway) rather than `true`, which a minimal PATH may not have.
	const failure = await new Promise<string | null>(resolve => {
		execFile(file, [...prefix.slice(1), '/bin/sh', '-c', ':'], {timeout: 2000}, (error, _stdout, stderr) => {
			resolve(error === null ? null : (stderr.trim().split('\n')[0] || error.message));
		});
	});
	return failure === null ? {prefix, missing: null} : {prefix: [], missing: {program: 'setpriv', lost: LOST, reason: `${file} --pdeathsig failed: ${failure}`}};
}

// argv → argv, composable with other preludes (the cgroup one): the kernel keeps the parent-death signal
// across execve, except into a set-user-ID program, and clears it on a uid change, which happens before
// setpriv runs (Node switches the user in the forked child), so it still holds for `user:` processes.
export const withParentDeath = (prefix: readonly string[]) => (argv: readonly string[]): string[] => [...prefix, ...argv];
