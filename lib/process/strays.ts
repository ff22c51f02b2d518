import {trySignal} from '../signals/send.js';
import {realClock, type HostWorld} from '../world.js';
import {freezeAndKillTree} from './kill-tree.js';
import {descendants, isGone, procRoot, readProcEntry, readProcTable, type ProcEntry} from '../proc/proc-table.js';
import type {SubtreeReader} from '../proc/subtree-reader.js';

const POLL_MS = 20;

// Processes by pid → start time (a pid alone may be recycled).
export type Strays = Map<number, number>;

// The live members of the tree under `pid` that left its process group (setsid, setpgid: a daemonizing child), read
// before a stop: once the root is gone they are in no tree of the unit, and a signal to the group misses them (issue 21).
// Empty without a /proc table. `subtrees` (the unit's) reads the tree alone rather than all of /proc.
export function findStrays(pid: number, root = procRoot(), subtrees?: SubtreeReader): Strays {
	const strays: Strays = new Map();
	if (root === null) {
		return strays;
	}

	const table = subtrees?.read(pid) ?? readProcTable(root);
	for (const member of descendants(table, pid)) {
		const entry = table.get(member)!;
		if (entry.pgrp !== pid && !isGone(entry)) {
			strays.set(member, entry.start);
		}
	}

	return strays;
}

const isSame = (pid: number, start: number, root: string): boolean => {
	const entry: ProcEntry | undefined = readProcEntry(pid, root);
	return !isGone(entry) && entry!.start === start;
};

// Ends the strays still running as the same processes: `stopSignal` to each, then, at `deadline` on `clock` (the unit's
// when a stop of the unit calls it), SIGKILL of each one's tree (what it forked meanwhile too). Returns the pids that
// needed the SIGKILL.
export async function endStrays(strays: Strays, stopSignal: NodeJS.Signals, deadline: number, root = procRoot(), clock: Pick<HostWorld, 'now' | 'sleep'> = realClock): Promise<number[]> {
	if (root === null || strays.size === 0) {
		return [];
	}

	const running = () => [...strays.keys()].filter(pid => isSame(pid, strays.get(pid)!, root));
	let left = running();
	for (const pid of left) {
		trySignal(pid, stopSignal);
		trySignal(pid, 'SIGCONT'); // A stopped process acts on the stop signal only once continued.
	}

	const never = new AbortController().signal;
	while (left.length > 0 && clock.now() < deadline) {
		await clock.sleep(Math.min(POLL_MS, deadline - clock.now()), never);
		left = running();
	}

	return left.flatMap(pid => freezeAndKillTree(pid, root));
}
