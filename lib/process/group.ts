import {isGone, procRoot, readProcTable} from './proc-table.js';

// Signals a whole process group; false when the group is already gone.
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
	if (!(pgid > 1)) {
		return false; // A spawn that failed has no pid: never let -pid become "every process" or init.
	}

	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		return false;
	}
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
