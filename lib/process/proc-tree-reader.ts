import {readFileSync} from 'node:fs';
import {childrenIndex, descendants, listPids, readStat, type Linked, type ProcTable} from './proc-table.js';

// Passes between two full ones: a bound on anything the incremental rule below could miss (docs/limits.md).
const FULL_PASS_EVERY = 60;

// The trees of a poller's roots, tick after tick, without reading every process on the host each time (docs/limits.md,
// polling). A pid that was listed at the last pass, was not allocated since (the kernel hands out pids in order:
// /proc/loadavg names the last one) and whose parent is also unchanged is the same process with the same parent. Such a
// process outside every tree stays outside: it changes parent only when its parent dies, to an ancestor (a subreaper)
// or init. So it is not read again; members of the trees, new pids and orphans are.
export class ProcTreeReader {
	// The parent link of every process at the last pass.
	#links = new Map<number, Linked>();
	#lastPid: number | undefined;
	#passes = 0;
	#reads = 0;

	constructor(private readonly root = '/proc') {}

	// Stat files the last pass read (test/process/proc-tree-reader.ts).
	get reads(): number {
		return this.#reads;
	}

	// Fresh entries of every member of the trees under `roots` (and of whatever else this pass read).
	read(roots: readonly number[]): ProcTable {
		const pids = listPids(this.root);
		const lastPid = readLastPid(this.root);
		const since = this.#lastPid;
		const full = this.#passes++ % FULL_PASS_EVERY === 0 || since === undefined || lastPid === undefined;
		const isNew = full ? () => true : handedOutBetween(since, lastPid);
		const listed = new Set(pids);
		const unchanged = (pid: number) => pid === 0 || (listed.has(pid) && !isNew(pid));
		const buffer = Buffer.allocUnsafe(1024);
		const table: ProcTable = new Map();
		// Every process's parent link: its fresh entry, or the link kept from the last pass.
		const links = new Map<number, Linked>();
		this.#reads = 0;
		const readOne = (pid: number): void => {
			this.#reads++;
			const entry = readStat(this.root, pid, buffer);
			if (entry !== undefined) {
				table.set(pid, entry);
				links.set(pid, entry);
			}
		};

		for (const pid of pids) {
			const known = this.#links.get(pid);
			if (known === undefined || isNew(pid) || !unchanged(known.ppid)) {
				readOne(pid);
			} else {
				links.set(pid, known);
			}
		}

		// The trees by what is known of every parent; then every member not read yet is read, for its figures.
		const index = childrenIndex(links);
		for (const root of roots) {
			for (const pid of descendants(links, root, index)) {
				if (!table.has(pid)) {
					readOne(pid);
				}
			}
		}

		this.#links = links;
		this.#lastPid = lastPid;
		return table;
	}
}

// Whether a pid was handed out after `since` and up to `last`: in (since, last], which wraps past pid_max.
const handedOutBetween = (since: number, last: number) => (pid: number): boolean =>
	last >= since ? pid > since && pid <= last : pid > since || pid <= last;

// The last pid the kernel allocated: the fifth field of /proc/loadavg (proc(5)); undefined where it cannot be read.
function readLastPid(root: string): number | undefined {
	try {
		const last = Number(readFileSync(`${root}/loadavg`, 'latin1').trim().split(' ')[4]);
		return Number.isInteger(last) && last > 0 ? last : undefined;
	} catch {
		return undefined;
	}
}
