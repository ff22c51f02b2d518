// The one file of lib/ that calls process.kill (test/names.ts checks it): every other file sends through these.

// Sends `signal` to `pid` (a negative pid: to that process group); false when the kernel refused, ESRCH (gone) or
// EPERM. Signal 0 delivers nothing and only asks whether the pid is there.
export function trySignal(pid: number, signal: NodeJS.Signals | 0): boolean {
	try {
		process.kill(pid, signal);
		return true;
	} catch {
		return false;
	}
}

// Sends `signal` to the process group `pgid`; false when the group is gone. Never to a pgid of 0 or 1: `-0` is the
// supervisor's own group and `-1` every process it may signal, so a spawn that failed (no pid) must not reach them.
export function trySignalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
	return pgid > 1 && trySignal(-pgid, signal);
}

// Sends `signal` to each pid (the process itself: its own handler decides about its children); a gone pid is skipped.
export function sendToProcesses(pids: ReadonlyArray<number | null | undefined>, signal: NodeJS.Signals): void {
	for (const pid of pids) {
		if (pid !== null && pid !== undefined) {
			trySignal(pid, signal); // Exited in between: nothing to deliver to.
		}
	}
}

// Sends `signal` to the whole process group led by `pid` (`sidecar signal NAME SIGNAL`).
export function sendToGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		process.kill(pid, signal); // Not a group leader (a custom spawn): the process alone.
	}
}

// The production World's kill (lib/world.ts, HostWorld): a target already gone needs no signal (false).
export function realKill(pid: number, signal: NodeJS.Signals): boolean {
	return trySignal(pid, signal);
}
