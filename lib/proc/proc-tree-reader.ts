import {closeSync, openSync, readSync} from 'node:fs';
import {childrenIndex, descendants, listPids, readOpenStat, type ProcTable} from './proc-table.js';

// Passes between two full ones: a bound on anything the incremental rule below could miss (docs/limits.md).
const FULL_PASS_EVERY = 60;
// Up to this many pids handed out since the last pass are each tried by their stat file; more, and /proc is listed.
const PROBE_AT_MOST = 64;

// The trees of a poller's roots, tick after tick, without reading every process on the host each time (docs/limits.md,
// polling). A process joins a tree only by being born into it, so with a new pid: a process outside every tree whose
// parent dies moves to an ancestor (a subreaper) or to init, never into a tree. So a pass reads the members of the last
// pass and the pids handed out since (/proc/loadavg names the last one: the kernel hands them out in order), and the
// trees are what those links make of them; a member that left (its parent died) is read, so it is known to be out.
export class ProcTreeReader {
	// One buffer for every stat file and /proc/loadavg, pass after pass.
	readonly #buffer = Buffer.allocUnsafe(1024);
	#members = new Set<number>();
	#roots = new Set<number>();
	#lastPid: number | undefined;
	#passes = 0;
	#reads = 0;
	// The members' stat files, open from pass to pass: reading an open one again costs about a third of open + read +
	// close (4.7 → 1.8 ms for 500 processes; the tick was the supervisor's idle CPU at 500 sidecars, issue 29).
	readonly #open = new Map<number, number>();

	constructor(private readonly root = '/proc') {}

	// Stat files the last pass read (test/proc/proc-tree-reader.ts).
	get reads(): number {
		return this.#reads;
	}

	// Stat files held open for the next pass: the members of the last one.
	get held(): number {
		return this.#open.size;
	}

	// Fresh entries of every member of the trees under `roots` (and of whatever else this pass read).
	read(roots: readonly number[]): ProcTable {
		const buffer = this.#buffer;
		const lastPid = readLastPid(this.root, buffer);
		const since = this.#lastPid;
		const isNew = since === undefined || lastPid === undefined ? null : handedOutBetween(since, lastPid);
		// A root watched since the last pass whose pid is not new (a restart's is) may have older children: a full pass finds them.
		const full = this.#passes++ % FULL_PASS_EVERY === 0 || isNew === null || roots.some(pid => !this.#roots.has(pid) && !isNew(pid));
		const table: ProcTable = new Map();
		// Files held past the pass: the roots' and the last members' only, never one per process of the host (a full pass).
		const held = new Set([...roots, ...this.#members]);
		this.#reads = 0;
		const readOne = (pid: number): void => {
			if (!table.has(pid)) {
				this.#reads++;
				const entry = this.#readHeld(pid, buffer) ?? this.#readNew(pid, buffer, held.has(pid));
				if (entry !== undefined) {
					table.set(pid, entry);
				}
			}
		};

		for (const pid of full ? listPids(this.root) : [...roots, ...this.#members, ...handedOut(this.root, since!, lastPid!, isNew!)]) {
			readOne(pid);
		}

		const index = childrenIndex(table);
		this.#members = new Set(roots.flatMap(root => descendants(table, root, index)));
		this.#roots = new Set(roots);
		this.#lastPid = lastPid;
		for (const [pid, fd] of this.#open) {
			if (!this.#members.has(pid)) {
				this.#release(pid, fd);
			}
		}

		return table;
	}

	// Closes every file held (the poller is done).
	close(): void {
		for (const [pid, fd] of this.#open) {
			this.#release(pid, fd);
		}
	}

	// A member of the last pass, from its open file; a reaped one lets its file go (its pid may run again: read anew).
	#readHeld(pid: number, buffer: Buffer) {
		const fd = this.#open.get(pid);
		const entry = fd === undefined ? undefined : readOpenStat(fd, pid, buffer);
		if (fd !== undefined && entry === undefined) {
			this.#release(pid, fd);
		}

		return entry;
	}

	// Opened now; `hold`: kept until the end of the pass (past it if the process is a member).
	#readNew(pid: number, buffer: Buffer, hold: boolean) {
		let fd: number;
		try {
			fd = openSync(`${this.root}/${pid}/stat`, 'r');
		} catch {
			return undefined; // Gone between listing and reading.
		}

		const entry = readOpenStat(fd, pid, buffer);
		if (entry === undefined || !hold) {
			closeSync(fd);
		} else {
			this.#open.set(pid, fd);
		}

		return entry;
	}

	#release(pid: number, fd: number): void {
		closeSync(fd);
		this.#open.delete(pid);
	}
}

// The pids handed out in (since, last]: each one tried when they are few, else those /proc lists (also when the pids
// wrapped past pid_max, last < since).
export function handedOut(root: string, since: number, last: number, isNew: (pid: number) => boolean): number[] {
	if (last === since) {
		return [];
	}

	if (last > since && last - since <= PROBE_AT_MOST) {
		return Array.from({length: last - since}, (_, i) => since + 1 + i);
	}

	return listPids(root).filter(isNew);
}

// Whether a pid was handed out in (since, last], which wraps past pid_max.
export const handedOutBetween = (since: number, last: number) => (pid: number): boolean =>
	last >= since ? pid > since && pid <= last : pid > since || pid <= last;

// The last pid the kernel allocated: the fifth field of /proc/loadavg (proc(5)); undefined where it cannot be read.
// Read into the pass's buffer: readFileSync sizes a /proc file (st_size 0) by growing reads, a tenth of an idle tick.
export function readLastPid(root: string, buffer: Buffer): number | undefined {
	let fd: number;
	try {
		fd = openSync(`${root}/loadavg`, 'r');
	} catch {
		return undefined;
	}

	try {
		const last = Number(buffer.toString('latin1', 0, readSync(fd, buffer, 0, buffer.length, 0)).trim().split(' ')[4]);
		return Number.isInteger(last) && last > 0 ? last : undefined;
	} catch {
		return undefined;
	} finally {
		closeSync(fd);
	}
}
