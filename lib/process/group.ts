import {readdirSync, readFileSync} from 'node:fs';

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

// Live (not zombie) members of a process group. Zombies count as gone: an orphaned zombie waits for
// pid 1 to reap it, and some pid 1s (containers, VMs' init shims) never do.
export function groupMembers(pgid: number): number[] {
	if (!signalGroup(pgid, 0)) {
		return []; // The kernel's answer is cheap; the /proc scan below only tells zombies apart.
	}

	let entries: string[];
	try {
		entries = readdirSync('/proc');
	} catch {
		return [pgid]; // No /proc (macOS): the kernel's answer, zombies included.
	}

	const members: number[] = [];
	for (const entry of entries) {
		if (entry.charCodeAt(0) > 57) {
			continue; // Not a pid.
		}

		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
			// Fields after the parenthesised command: state ppid pgrp ...
			const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 3);
			if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') {
				members.push(Number(entry));
			}
		} catch {}
	}

	return members;
}
