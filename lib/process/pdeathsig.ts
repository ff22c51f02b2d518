import {execFile} from 'node:child_process';

// util-linux's setpriv asks the kernel (prctl PR_SET_PDEATHSIG) to SIGKILL the child when the supervisor
// dies, even by SIGKILL, then execs the real argv (same pid, same process group). Linux only.
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'];

// The argv prefix that makes a child die with the supervisor, or [] where no working setpriv exists
// (macOS, BSDs, minimal images, util-linux < 2.33 without --pdeathsig). Run once at start-up.
export async function findParentDeathPrefix(candidates: readonly string[] = SETPRIV): Promise<string[]> {
	if (process.platform !== 'linux') {
		return [];
	}

	for (const file of candidates) {
		const prefix = [file, '--pdeathsig', 'SIGKILL', '--'];
		// A real run, not a version check: it proves the option exists and the kernel accepts it here.
		const works = await new Promise<boolean>(resolve => {
			execFile(file, [...prefix.slice(1), 'true'], {timeout: 2000}, error => resolve(error === null));
		});
		if (works) {
			return prefix;
		}
	}

	return [];
}

// argv → argv, composable with other preludes (the cgroup one): the kernel keeps the parent-death signal
// across execve, except into a set-user-ID program, and clears it on a uid change, which happens before
// setpriv runs (Node switches the user in the forked child), so it still holds for `user:` processes.
export const withParentDeath = (prefix: readonly string[]) => (argv: readonly string[]): string[] => [...prefix, ...argv];
