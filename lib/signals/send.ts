// Sends `signal` to each pid (the process itself: its own handler decides about its children); a gone pid is skipped.
export function sendToProcesses(pids: ReadonlyArray<number | null | undefined>, signal: NodeJS.Signals): void {
	for (const pid of pids) {
		if (pid !== null && pid !== undefined) {
			try {
				process.kill(pid, signal);
			} catch {} // Exited in between: nothing to deliver to.
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
