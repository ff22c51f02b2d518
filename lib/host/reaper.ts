import {readdirSync, readFileSync} from 'node:fs';
import {listPids, readStat, type ProcEntry} from '../proc/proc-table.js';
import type {World} from '../process/world.js';

// A zombie is reaped on the second scan that sees it, SCAN_MS apart: within ~2 × SCAN_MS of its death (docs/host.md).
const SCAN_MS = 100;

type SignalHost = World['signals'];

// The supervisor's children (its own and those adopted as PID 1 or as a subreaper), from each thread's `children` file
// (proc(5); an orphan is reparented to any thread of its new parent): a dozen small reads, not a pass over /proc.
// Where the kernel lacks those files (CONFIG_PROC_CHILDREN), one pass over /proc. Pids `skip` names (the children Node
// spawned: the reaper leaves them to libuv) are not read: a scan after each SIGCHLD read the stat of every sidecar, so
// the cost of a restart grew with the unit (30 % of a core for 50 crash-looping of 500 sidecars, issue 29).
export function ownChildren(self = process.pid, root = '/proc', skip: (pid: number) => boolean = () => false): ProcEntry[] {
	let pids: number[];
	try {
		pids = readdirSync(`${root}/${self}/task`).flatMap(task => readFileSync(`${root}/${self}/task/${task}/children`, 'latin1').split(' ').filter(Boolean).map(Number));
	} catch {
		pids = listPids(root);
	}

	const buffer = Buffer.allocUnsafe(1024);
	return pids.filter(pid => !skip(pid)).map(pid => readStat(root, pid, buffer)).filter(entry => entry?.ppid === self) as ProcEntry[];
}

// Which zombies to reap now: those the previous scan saw as zombies too (same pid and start time) that Node did not spawn.
// libuv reaps a child of its own in the same loop turn its SIGCHLD arrives, so a zombie still there a scan later is
// not libuv's; and waitpid on a pid libuv waits for would take the exit status Node is waiting for (docs/host.md).
export function zombiesToReap(previous: ReadonlyMap<number, number>, children: readonly ProcEntry[], isNodeChild: (pid: number) => boolean): {reap: number[]; seen: Map<number, number>} {
	const seen = new Map<number, number>();
	const reap: number[] = [];
	for (const {pid, state, start} of children) {
		if (state !== 'Z' || isNodeChild(pid)) {
			continue;
		}

		if (previous.get(pid) === start) {
			reap.push(pid);
		} else {
			seen.set(pid, start);
		}
	}

	return {reap, seen};
}

// Reaps the zombies the supervisor adopts (as PID 1, or as a child subreaper), scanning its children after each SIGCHLD
// and again while a zombie awaits its second sighting; nothing runs while no child dies.
export class ZombieReaper {
	#seen = new Map<number, number>();
	#timer: NodeJS.Timeout | undefined;
	#reaped = 0;
	#stopped = false;

	constructor(
		private readonly waitpid: (pid: number) => boolean,
		private readonly isNodeChild: (pid: number) => boolean,
		private readonly list: (skip: (pid: number) => boolean) => ProcEntry[] = skip => ownChildren(process.pid, '/proc', skip),
	) {}

	// Zombies reaped so far.
	get reaped(): number {
		return this.#reaped;
	}

	start(host: SignalHost, signal: AbortSignal): void {
		const onChild = () => this.#schedule();
		host.on('SIGCHLD', onChild);
		signal.addEventListener('abort', () => {
			host.off('SIGCHLD', onChild);
			this.#stopped = true;
			clearTimeout(this.#timer);
			this.#timer = undefined;
		}, {once: true});
		this.#schedule(); // Zombies adopted before the start (a PID 1 that exec'd the supervisor).
	}

	// One scan now; returns the pids it reaped.
	scan(): number[] {
		const {reap, seen} = zombiesToReap(this.#seen, this.list(this.isNodeChild), this.isNodeChild);
		const reaped = reap.filter(pid => this.waitpid(pid));
		this.#reaped += reaped.length;
		this.#seen = seen;
		return reaped;
	}

	#schedule(): void {
		if (this.#stopped) {
			return;
		}

		this.#timer ??= setTimeout(() => {
			this.#timer = undefined;
			this.scan();
			if (this.#seen.size > 0) {
				this.#schedule();
			}
		}, SCAN_MS).unref();
	}
}
