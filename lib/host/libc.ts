import {loadKoffi, openLibc} from '../koffi-libc.js';

// The two libc calls Node lacks for init duties (docs/host.md, PID 1 and orphans).
export type Libc = {
	// prctl(PR_SET_CHILD_SUBREAPER, on): orphans of the supervisor's descendants are reparented to it, not to init.
	setChildSubreaper: (on: boolean) => boolean;
	// waitpid(pid, WNOHANG) of one zombie the caller has proven is not Node's own child (host/reaper.ts): true once reaped.
	reap: (pid: number) => boolean;
};

const PR_SET_CHILD_SUBREAPER = 36;
const WNOHANG = 1;

// libc through koffi (lib/koffi-libc.ts), loaded on first use, only on Linux. A host without it gets the reason in one
// line, never a crash.
export function loadLibc(load = loadKoffi, platform = process.platform): Libc | {error: string} {
	if (platform !== 'linux') {
		return {error: `not available on ${platform}`};
	}

	try {
		const libc = openLibc(load());
		const prctl = libc.func('int prctl(int, unsigned long, unsigned long, unsigned long, unsigned long)');
		const waitpid = libc.func('int waitpid(int, _Out_ int *, int)');
		return {
			setChildSubreaper: on => prctl(PR_SET_CHILD_SUBREAPER, on ? 1 : 0, 0, 0, 0) === 0,
			// Never waitpid(-1): that could take the status of a child libuv waits for, and Node would never see it exit.
			reap: pid => pid > 0 && waitpid(pid, [0], WNOHANG) === pid,
		};
	} catch (error) {
		return {error: `the optional package koffi could not be loaded (${(error as Error).message.split('\n')[0]})`};
	}
}
