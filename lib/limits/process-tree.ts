import {readdirSync, readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';

// One process as the kernel reports it: cpu in clock ticks (USER_HZ, 100 on Linux), rss in bytes.
export type ProcessEntry = {
	pid: number;
	ppid: number;
	state: string;
	// utime + stime of the process itself.
	ticks: number;
	// cutime + cstime: children it has reaped, so a tree's total does not drop when a child exits.
	childTicks: number;
	rss: number;
	starttime: number;
};

// pid → entry, one snapshot.
export type ProcessTable = Map<number, ProcessEntry>;

// Page size turns rss pages into bytes: 4096 on x86-64 and most arm64 (64 KiB kernels must pass theirs).
export type ProcOptions = {procDir?: string; pageSize?: number};

const statFields = (text: string, pageSize: number): ProcessEntry | undefined => {
	// `comm` may hold spaces and parentheses: fields are counted from the last ')'.
	const close = text.lastIndexOf(')');
	if (close === -1) {
		return undefined;
	}

	const f = text.slice(close + 2).split(' ');
	return {
		pid: Number.parseInt(text, 10),
		ppid: Number(f[1]),
		state: f[0] ?? '?',
		ticks: Number(f[11]) + Number(f[12]),
		childTicks: Number(f[13]) + Number(f[14]),
		rss: Number(f[21]) * pageSize,
		starttime: Number(f[19]),
	};
};

// One process from /proc/PID/stat, or undefined when it is gone.
export async function readProcess(pid: number, {procDir = '/proc', pageSize = 4096}: ProcOptions = {}): Promise<ProcessEntry | undefined> {
	try {
		return statFields(await readFile(`${procDir}/${pid}/stat`, 'utf8'), pageSize);
	} catch {
		return undefined; // Exited between listing and reading.
	}
}

// One snapshot of every process, read once per tick for all watched trees; `ps` where there is no /proc.
// Synchronous on purpose: /proc reads never touch a disk, and a thread-pool round trip per file made a tick 3-4× slower
// (bench/limits.js: ~3 ms sync vs ~12 ms async for 95 processes on a loaded 2-core host).
export async function readProcessTable({procDir = '/proc', pageSize = 4096}: ProcOptions = {}): Promise<ProcessTable> {
	let names: string[];
	try {
		names = readdirSync(procDir);
	} catch {
		return readPsTable();
	}

	const table: ProcessTable = new Map();
	for (const name of names) {
		if (/^\d+$/.test(name)) {
			let entry: ProcessEntry | undefined;
			try {
				entry = statFields(readFileSync(`${procDir}/${name}/stat`, 'utf8'), pageSize);
			} catch {} // Exited between listing and reading.

			if (entry !== undefined) {
				table.set(entry.pid, entry);
			}
		}
	}

	return table;
}

// `[[DD-]HH:]MM:SS[.cc]` (procps and BSD ps) → clock ticks at 100 Hz.
export const parseCpuTime = (text: string): number => {
	const [days, clock] = text.includes('-') ? text.split('-') : ['0', text];
	const seconds = (clock ?? '').split(':').reduce((total, part) => (total * 60) + Number(part), 0);
	return Math.round(((Number(days) * 86_400) + seconds) * 100);
};

// The fallback for hosts without /proc (macOS, BSD): one `ps` run for the whole table.
export async function readPsTable(): Promise<ProcessTable> {
	const {stdout} = await promisify(execFile)('ps', ['-A', '-o', 'pid=,ppid=,state=,time=,rss=']);
	const table: ProcessTable = new Map();
	for (const line of stdout.split('\n')) {
		const [pid, ppid, state, time, rss] = line.trim().split(/\s+/);
		if (pid !== undefined && rss !== undefined && time !== undefined) {
			table.set(Number(pid), {
				pid: Number(pid), ppid: Number(ppid), state: state?.[0] ?? '?', ticks: parseCpuTime(time), childTicks: 0, rss: Number(rss) * 1024, starttime: 0,
			});
		}
	}

	return table;
}

// Parent → children index of a table, built once per tick and shared by every tree lookup.
export function childrenIndex(table: ProcessTable): Map<number, number[]> {
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

// Pids of the tree under rootPid, root included; empty when the root is gone.
export function descendants(table: ProcessTable, rootPid: number, index = childrenIndex(table)): number[] {
	if (!table.has(rootPid)) {
		return [];
	}

	const tree = [rootPid];
	for (let i = 0; i < tree.length; i++) {
		for (const child of index.get(tree[i]!) ?? []) {
			tree.push(child);
		}
	}

	return tree;
}
