import {trySignal} from '../signals/send.js';
import {signalGroup} from './group.js';
import {findProgram, treeKillHelper} from './helper-programs.js';
import {descendants, isGone, procRoot, readProcTable} from '../proc/proc-table.js';

// Enough for any tree that forks while it is being stopped: each pass stops every member the one before missed.
const MAX_PASSES = 100;

// Stops the tree under rootPid pass by pass until a pass finds no member it has not stopped (a stopped process cannot
// fork), then SIGKILLs them all: a child that forks faster than it is killed leaves no grandchild to be reparented out
// of reach. Each pid is held with its start time, so a pid recycled meanwhile is told apart and never killed. Returns the pids.
export function freezeAndKillTree(rootPid: number, root: string): number[] {
	const held = new Map<number, number>();
	for (let pass = 0; pass < MAX_PASSES; pass++) {
		const table = readProcTable(root);
		for (const [pid, start] of held) {
			const entry = table.get(pid);
			if (entry?.start !== start) {
				held.delete(pid); // It died before the SIGSTOP landed; a process now under its pid is not ours.
				if (entry !== undefined) {
					trySignal(pid, 'SIGCONT'); // In case the SIGSTOP hit the newcomer.
				}
			}
		}

		let added = false;
		for (const pid of descendants(table, rootPid)) {
			const entry = table.get(pid)!;
			if (!held.has(pid) && !isGone(entry)) {
				trySignal(pid, 'SIGSTOP');
				held.set(pid, entry.start);
				added = true;
			}
		}

		if (!added) {
			break;
		}
	}

	for (const pid of held.keys()) {
		trySignal(pid, 'SIGKILL');
	}

	return [...held.keys()];
}

// SIGKILL the tree under a live root: from the supervisor's own /proc table on Linux, with tree-kill elsewhere. The group
// is stopped first so none of it forks meanwhile; the caller then SIGKILLs the group (members that left the tree).
export async function killProcessTree(rootPid: number, root = procRoot()): Promise<void> {
	signalGroup(rootPid, 'SIGSTOP');
	if (root !== null) {
		freezeAndKillTree(rootPid, root);
		return;
	}

	// tree-kill spawns ps (pgrep on macOS) with no 'error' listener: without the program it would crash the supervisor.
	// A missing one is reported once at start-up (helper-missing); the group is still killed.
	if (findProgram(treeKillHelper()) !== null) {
		const {default: treeKill} = await import('tree-kill'); // Loaded on first use: Linux never needs it.
		await new Promise<void>(resolve => {
			treeKill(rootPid, 'SIGKILL', () => resolve());
		});
	}
}
