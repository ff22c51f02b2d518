import {closeSync, existsSync, openSync, readdirSync, readSync} from 'node:fs';

// One process as /proc/PID/stat tells it (proc(5)): cpu in clock ticks (USER_HZ, 100 on Linux), rss in bytes, `start`
// in clock ticks since boot. The pair (pid, start) names one process for the life of the host: a recycled pid has a later start.
export type ProcEntry = {
	pid: number;
	ppid: number;
	pgrp: number;
	state: string;
	// utime + stime of the process itself.
	ticks: number;
	// cutime + cstime: children it has reaped, so a tree's total does not drop when a child exits.
	childTicks: number;
	rss: number;
	start: number;
};

// pid → entry, one pass over /proc.
export type ProcTable = Map<number, ProcEntry>;

// The environment variable that turns the /proc table off (docs/host.md): a test and diagnostic switch.
export const PROC_TABLE_SWITCH = 'SIDECAR_PROC_TABLE';

// Page size turns rss pages into bytes: 4096 on x86-64 and most arm64 (64 KiB kernels must pass theirs).
const PAGE_SIZE = 4096;
// A stat line is about 300 bytes; `comm` is at most 64.
const STAT_BYTES = 1024;

// '/proc' when the supervisor reads its own process table (Linux); null on hosts without one (macOS, the BSDs)
// and when SIDECAR_PROC_TABLE=off forces the portable path (tree-kill and pidusage) on Linux.
export function procRoot(env: NodeJS.ProcessEnv = process.env, root = '/proc'): string | null {
	return env[PROC_TABLE_SWITCH] !== 'off' && existsSync(`${root}/self/stat`) ? root : null;
}

const parseStat = (pid: number, text: string): ProcEntry | undefined => {
	// `comm` may hold spaces and parentheses: fields are counted from the last ')'.
	const close = text.lastIndexOf(')');
	if (close === -1) {
		return undefined;
	}

	const f = text.slice(close + 2).split(' ', 22);
	return {
		pid,
		ppid: Number(f[1]),
		pgrp: Number(f[2]),
		state: f[0] ?? '?',
		ticks: Number(f[11]) + Number(f[12]),
		childTicks: Number(f[13]) + Number(f[14]),
		rss: Number(f[21]) * PAGE_SIZE,
		start: Number(f[19]),
	};
};

// One process from its stat file: open + one read + close into a reused buffer (of 1024 bytes); readFileSync's
// fstat and second read made a pass ~1.5× slower.
export const readStat = (root: string, pid: number, buffer: Buffer): ProcEntry | undefined => {
	let fd: number;
	try {
		fd = openSync(`${root}/${pid}/stat`, 'r');
	} catch {
		return undefined; // Gone between listing and reading.
	}

	try {
		return readOpenStat(fd, pid, buffer);
	} finally {
		closeSync(fd);
	}
};

// A stat file already open, read again from its start (pread); undefined once its process is reaped (ESRCH): the file
// stays that process's, never another's under a recycled pid.
export const readOpenStat = (fd: number, pid: number, buffer: Buffer): ProcEntry | undefined => {
	try {
		return parseStat(pid, buffer.toString('latin1', 0, readSync(fd, buffer, 0, STAT_BYTES, 0)));
	} catch {
		return undefined;
	}
};

// One process, or undefined when it is gone.
export const readProcEntry = (pid: number, root = '/proc'): ProcEntry | undefined =>
	readStat(root, pid, Buffer.allocUnsafe(STAT_BYTES));

// Every process, in one pass. Synchronous on purpose: /proc reads never touch a disk, and a thread-pool round trip
// per file made a tick 3-4× slower (~3 ms sync vs ~12 ms async for 95 processes on a loaded 2-core host).
export function readProcTable(root = '/proc'): ProcTable {
	const buffer = Buffer.allocUnsafe(STAT_BYTES);
	const table: ProcTable = new Map();
	for (const pid of listPids(root)) {
		const entry = readStat(root, pid, buffer);
		if (entry !== undefined) {
			table.set(entry.pid, entry);
		}
	}

	return table;
}

// The pids /proc lists now; none where it cannot be read.
export function listPids(root = '/proc'): number[] {
	let names: string[];
	try {
		names = readdirSync(root);
	} catch {
		return [];
	}

	const pids: number[] = [];
	for (const name of names) {
		const first = name.charCodeAt(0);
		if (first >= 48 && first <= 57) { // A pid, not `self` or `sys`.
			pids.push(Number(name));
		}
	}

	return pids;
}

// A zombie (or a dead task) runs no code: it counts as gone. Some pid 1s (containers, VMs' init shims) never reap.
export const isGone = (entry: Pick<ProcEntry, 'state'> | undefined): boolean =>
	entry === undefined || entry.state === 'Z' || entry.state === 'X';

// What a tree needs of a process: its parent.
export type Linked = {pid: number; ppid: number};

// Parent → children index of a table, built once per pass and shared by every tree lookup.
export function childrenIndex(table: ReadonlyMap<number, Linked>): Map<number, number[]> {
	const index = new Map<number, number[]>();
	for (const {pid, ppid} of table.values()) {
		const siblings = index.get(ppid);
		if (siblings === undefined) {
			index.set(ppid, [pid]);
		} else {
			siblings.push(pid);
		}
	}

	return index;
}

// Pids of the tree under rootPid, root first; empty when the root is gone. A pass is not atomic, so a pid recycled
// during it could link back into the tree: each pid is taken once, and a cycle cannot loop.
export function descendants(table: ReadonlyMap<number, Linked>, rootPid: number, index = childrenIndex(table)): number[] {
	if (!table.has(rootPid)) {
		return [];
	}

	const tree = new Set([rootPid]);
	for (const pid of tree) {
		for (const child of index.get(pid) ?? []) {
			tree.add(child);
		}
	}

	return [...tree];
}
