import {liveGroups} from '../process/group.js';
import type {MissingHelper} from '../process/helper-programs.js';
import {endLeftovers, isLiveTwin, recordPath, removeRecord, startTime, type UnitRecord, writeRecord} from './leftovers.js';
import {findParentDeathPrefix, withParentDeath, type ParentDeath} from './pdeathsig.js';
import type {SpawnChild} from '../process/spawn.js';
import {startGroupWatcher, type GroupWatcher} from './watcher.js';

const SAVE_DELAY_MS = 50;
const RECHECK_MS = 1000;

// What the guard needs from the unit; `marker` is the SIDECAR_* environment only this supervisor's children carry;
// `parentDeath` is the setpriv probe when the caller has already started it.
export type OrphanGuardOptions = {socketPath: string; marker: string[]; supervisorPid?: number; parentDeath?: Promise<ParentDeath>};

// No process outlives the supervisor (docs/host.md), in three layers (docs/host.md):
// 1. a parent-death SIGKILL for every child (Linux, setpriv); 2. a watcher that SIGKILLs every recorded process
// group when the supervisor's pipe to it closes; 3. a record on disk that the next run with the same name reads
// to end what the first two missed (a watcher that was killed too, a grandchild that left its group).
export class OrphanGuard {
	readonly #groups = new Map<number, number>();
	readonly #file: string;
	readonly #record: UnitRecord;
	// A live twin owns the record: this supervisor is about to be refused, and must not overwrite it.
	#closed: boolean;
	#saveTimer: NodeJS.Timeout | undefined;
	// Groups whose leader exited while grandchildren stayed: checked again every RECHECK_MS.
	readonly #lingering = new Set<number>();
	#recheck: NodeJS.Timeout | undefined;

	private constructor(
		options: OrphanGuardOptions,
		private readonly prefix: string[],
		private readonly watcher: GroupWatcher,
		readonly ended: number[],
		// setpriv, when it is missing or unusable (layer 1 is then off; layers 2 and 3 hold): reported once by the caller.
		readonly missing: MissingHelper[],
	) {
		this.#file = recordPath(options.socketPath);
		this.#closed = isLiveTwin(this.#file);
		const pid = options.supervisorPid ?? process.pid;
		this.#record = {supervisor: {pid, start: startTime(pid) ?? 0}, marker: options.marker, watcher: watcher.pid, groups: []};
		this.#saveNow();
	}

	// Ends a SIGKILLed predecessor's leftovers first (see `ended`), then starts guarding.
	static async open(options: OrphanGuardOptions): Promise<OrphanGuard> {
		// The watcher starts and the probe run of setpriv (~10-40 ms, most of it a fork) goes on while leftovers are
		// searched for: none of the three waits for another.
		const watcher = startGroupWatcher();
		const [parentDeath, ended] = await Promise.all([options.parentDeath ?? findParentDeathPrefix(), endLeftovers(recordPath(options.socketPath))]).catch((error: unknown) => {
			watcher.close();
			throw error;
		});
		return new OrphanGuard(options, parentDeath.prefix, watcher, ended, parentDeath.missing === null ? [] : [parentDeath.missing]);
	}

	// Wraps a spawn function: the child's argv gets the parent-death prefix, its group is recorded while it may have members.
	wrap(spawn: SpawnChild): SpawnChild {
		const prefixed = withParentDeath(this.prefix);
		return (spec, env) => {
			const child = spawn({...spec, command: prefixed(spec.command)}, env);
			if (child.pid > 0) {
				this.#groups.set(child.pid, startTime(child.pid) ?? 0);
				this.watcher.add(child.pid);
				this.#save();
				// Checked once the leader is reaped (then the kernel answers at once); groups that still hold
				// grandchildren are checked again later, never all of them on every spawn.
				void child.exited.then(() => this.#forgetEmptyGroups([child.pid]));
			}

			return child;
		};
	}

	// Clean exit: groups still holding processes are SIGKILLed by the watcher as its pipe closes.
	close(): void {
		clearTimeout(this.#saveTimer);
		clearTimeout(this.#recheck);
		this.#forgetEmptyGroups();
		this.watcher.close();
		if (!this.#closed) {
			this.#closed = true;
			removeRecord(this.#file);
		}
	}

	// An empty group's id may be recycled: drop it from the watcher and the record before that can happen.
	#forgetEmptyGroups(pgids: Iterable<number> = this.#groups.keys()): void {
		let changed = false;
		const candidates = [...pgids];
		const live = liveGroups(candidates); // One /proc pass for all of them.
		for (const pgid of candidates) {
			if (!live.has(pgid)) {
				this.#groups.delete(pgid);
				this.#lingering.delete(pgid);
				this.watcher.remove(pgid);
				changed = true;
			} else {
				this.#lingering.add(pgid);
			}
		}

		if (changed) {
			this.#save();
		}

		if (this.#lingering.size > 0 && this.#recheck === undefined && !this.#closed) {
			this.#recheck = setTimeout(() => {
				this.#recheck = undefined;
				this.#forgetEmptyGroups(this.#lingering);
			}, RECHECK_MS).unref();
		}
	}

	// Coalesced: a crash-looping sidecar must not pay a file write and rename per restart. The record is
	// the third layer; pdeathsig and the watcher already cover the moments before it is written.
	#save(): void {
		if (this.#saveTimer === undefined && !this.#closed) {
			this.#saveTimer = setTimeout(() => {
				this.#saveTimer = undefined;
				this.#saveNow();
			}, SAVE_DELAY_MS).unref();
		}
	}

	#saveNow(): void {
		if (this.#closed) {
			return;
		}

		try {
			writeRecord(this.#file, {...this.#record, groups: [...this.#groups].map(([pgid, start]) => ({pgid, start}))});
		} catch {} // An unwritable runtime dir costs only layer 3; the unit runs on.
	}
}
