import {trySignal, trySignalGroup} from '../signals/send.js';
import {isGone, procRoot, readProcEntry, readProcTable} from '../proc/proc-table.js';

// Signals a whole process group; false when the group is already gone.
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
	return trySignalGroup(pgid, signal); // A spawn that failed has no pid: never "every process" or init.
}

// The groups among `pgids` that still hold a live (not zombie) process, from at most one pass over /proc. Zombies count
// as gone: an orphaned zombie waits for pid 1 to reap it, and some pid 1s (containers, VMs' init shims) never do.
export function liveGroups(pgids: Iterable<number>, root = procRoot()): Set<number> {
	// The kernel's answer is cheap; the /proc pass below only tells zombies apart. Without /proc, zombies count.
	const occupied = new Set([...pgids].filter(pgid => signalGroup(pgid, 0)));
	if (occupied.size === 0 || root === null) {
		return occupied;
	}

	const live = new Set<number>();
	for (const entry of readProcTable(root).values()) {
		if (occupied.has(entry.pgrp) && !isGone(entry)) {
			live.add(entry.pgrp);
		}
	}

	return live;
}

// Drops the groups that no longer hold a live process: once empty, a group's id may be recycled (a new process with
// that pid), so a list of old groups must not keep it. Called as each leader exits.
export function pruneEmptyGroups(groups: Set<number>, root = procRoot()): void {
	const live = liveGroups(groups, root);
	for (const pgid of groups) {
		if (!live.has(pgid)) {
			groups.delete(pgid);
		}
	}
}

// A process runs under the group's id: for a group whose leader is known to have exited, the id was recycled and the
// group is someone else's (a group holding members keeps its id reserved: the kernel never hands it out meanwhile).
export function leaderRuns(pgid: number, root = procRoot()): boolean {
	if (root !== null) {
		return !isGone(readProcEntry(pgid, root));
	}

	return trySignal(pgid, 0);
}

// The supervisor's own running child (Linux: its parent is this process). Without /proc, any running process counts.
export function isOwnChild(pid: number, root = procRoot()): boolean {
	if (root === null) {
		return leaderRuns(pid, root);
	}

	const entry = readProcEntry(pid, root);
	return !isGone(entry) && entry!.ppid === process.pid;
}
