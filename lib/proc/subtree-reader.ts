import {childrenIndex, descendants, readProcTable, readStat, type ProcTable} from './proc-table.js';
import {handedOut, handedOutBetween, readLastPid} from './proc-tree-reader.js';

// Pids handed out since the last full pass past which the next read makes a new one: the candidates (old members and
// new pids still running) stay few, and a full pass is paid once per this many spawns at most.
const FULL_PASS_AFTER = 1024;

// One process's tree now, without reading every process on the host for each (a stop reads its child's tree for
// strays: a full pass per stop made a unit's shutdown quadratic, 2.8 s of /proc reads for 500 sidecars, issue 29).
// The rule of ProcTreeReader (docs/limits.md, polling): a process joins a tree only by being born into it, so the tree
// now is among its members at the last full pass and the pids handed out since (/proc/loadavg names the last one).
export class SubtreeReader {
	readonly #buffer = Buffer.allocUnsafe(1024);
	#table: ProcTable = new Map();
	#index = new Map<number, number[]>();
	#lastPid: number | undefined;
	#reads = 0;

	constructor(private readonly root = '/proc') {}

	// Stat files the last read opened (test/proc/subtree-reader.ts).
	get reads(): number {
		return this.#reads;
	}

	// Fresh entries of `pid` and every descendant of it.
	read(pid: number): ProcTable {
		const lastPid = readLastPid(this.root, this.#buffer);
		const since = this.#lastPid;
		if (since === undefined || lastPid === undefined || lastPid < since || lastPid - since > FULL_PASS_AFTER) {
			// The last pid read before the pass: a process born during it is new to the next read.
			this.#table = readProcTable(this.root);
			this.#index = childrenIndex(this.#table);
			this.#lastPid = lastPid;
			this.#reads = this.#table.size;
			return only(this.#table, descendants(this.#table, pid, this.#index));
		}

		const fresh: ProcTable = new Map();
		const candidates = new Set([pid, ...descendants(this.#table, pid, this.#index), ...handedOut(this.root, since, lastPid, handedOutBetween(since, lastPid))]);
		for (const candidate of candidates) {
			const entry = readStat(this.root, candidate, this.#buffer);
			if (entry !== undefined) {
				fresh.set(candidate, entry);
			}
		}

		this.#reads = candidates.size;
		return only(fresh, descendants(fresh, pid));
	}
}

const only = (table: ProcTable, pids: readonly number[]): ProcTable => new Map(pids.map(pid => [pid, table.get(pid)!]));
