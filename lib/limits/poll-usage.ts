import {setTimeout as sleep} from 'node:timers/promises'; // Real time, not the unit's: cpu use is per real second.
import {monotonicMs} from '../monotonic-ms.js';
import {childrenIndex, descendants, procRoot, readProcEntry} from '../proc/proc-table.js';
import {ProcTreeReader} from '../proc/proc-tree-reader.js';
import type {World} from '../process/world.js';
import {readPidUsage, readPsLinks} from '../proc/portable-table.js';

// The usage of one watched tree: cpu in cores since the previous sample (since the spawn for the first one), memory the
// sum of rss, its pids, and the cpu seconds of every spawn under this name so far (a counter: it never goes down).
export type TreeUsage = {rootPid: number; cpu: number; memory: number; pids: number[]; cpuSeconds: number};

// One member of a tree as a source reports it: cpu in clock ticks (own, and of the children it reaped), rss in bytes,
// and its start time where the source knows it (/proc does; it tells a recycled pid apart).
export type TreeEntry = {pid: number; ppid: number; ticks: number; childTicks: number; rss: number; start?: number};

// Where figures come from: the whole /proc table on Linux; ps and pidusage where there is none (docs/limits.md).
export type UsageSource = {
	// At least every member of the trees under `roots`.
	readTrees: (roots: readonly number[]) => Promise<ReadonlyMap<number, TreeEntry>>;
	// One process, read as it is watched: its figures stand until the first tick.
	readRoot: (pid: number) => Promise<TreeEntry | undefined>;
	// Lets go of what it holds between reads (the /proc reader keeps members' stat files open).
	close?: () => void;
};

// What a poller reads: its source, a monotonic clock in ms, and USER_HZ.
export type PollerWorld = Pick<World, 'now'> & {source: UsageSource; ticksPerSecond: number};

// The supervisor's own /proc table when it has one, else the portable source; chosen once, when the poller is made.
export function defaultUsageSource(root = procRoot()): UsageSource {
	if (root === null) {
		return {
			async readTrees(roots) {
				// Without `ps` there is no tree: the roots alone (and pidusage, which needs ps too, then fails).
				const links = await readPsLinks().catch(() => new Map(roots.map(pid => [pid, {pid, ppid: 0}])));
				const index = childrenIndex(links);
				return readPidUsage([...new Set(roots.flatMap(pid => descendants(links, pid, index)))]);
			},
			readRoot: async pid => (await readPidUsage([pid])).get(pid),
		};
	}

	const reader = new ProcTreeReader(root);
	return {
		readTrees: async roots => reader.read(roots),
		readRoot: async pid => readProcEntry(pid, root),
		close: () => reader.close(),
	};
}

// `used`: clock ticks this spawn's tree used so far, a whole number (cpuSeconds is divided from it, never summed in seconds).
type TrackedTree = {rootPid: number; start: number | undefined; ticks: number; used: number; at: number; sample: TreeUsage | undefined; ticked: boolean};

// The one usage sampler of a unit (limits, status, top and metrics read it): every watched tree from ONE read of the
// source per tick, never one scan per process.
export class UsagePoller {
	readonly #world: PollerWorld;
	readonly #watched = new Map<string, TrackedTree>();
	// Clock ticks of the earlier spawns of each name, so metrics' counter carries on across restarts. Ticks, not
	// seconds: a running sum of 0.01 s steps in floating point prints as 0.22999999999999998 (issue 22).
	readonly #spent = new Map<string, number>();

	constructor(world: Partial<PollerWorld> = {}) {
		this.#world = {source: world.source ?? defaultUsageSource(), now: monotonicMs, ticksPerSecond: 100, ...world};
	}

	// The unit has stopped: files held for the next tick are closed (a later sample opens them again).
	close(): void {
		this.#world.source.close?.();
	}

	// Start following the tree of rootPid under name, from its spawn (a restarted process is watched again with its new pid).
	watch(name: string, rootPid: number): void {
		this.unwatch(name);
		const watched: TrackedTree = {rootPid, start: undefined, ticks: 0, used: 0, at: this.#world.now(), sample: undefined, ticked: false};
		this.#watched.set(name, watched);
		void this.#world.source.readRoot(rootPid).then(entry => {
			if (entry !== undefined && !watched.ticked && this.#watched.get(name) === watched) {
				// Figures for `status` before the first tick: memory now, no cpu measured yet.
				watched.start = entry.start;
				watched.ticks = entry.ticks + entry.childTicks;
				watched.at = this.#world.now();
				watched.sample = {rootPid, cpu: 0, memory: entry.rss, pids: [rootPid], cpuSeconds: this.#seconds(name, 0)};
			}
		}, () => {}); // Gone already, or no ps: the first tick tells.
	}

	// Stop following name; what its spawn used stays in its cpu seconds.
	unwatch(name: string): void {
		const watched = this.#watched.get(name);
		if (watched !== undefined) {
			this.#spent.set(name, (this.#spent.get(name) ?? 0) + watched.used);
		}

		this.#watched.delete(name);
	}

	// The latest figures of name's current spawn; undefined while it is not watched (not running) or never read.
	latest(name: string): TreeUsage | undefined {
		return this.#watched.get(name)?.sample;
	}

	// Cpu seconds of every spawn under name, for metrics' counter.
	cpuSeconds(name: string): number {
		return this.latest(name)?.cpuSeconds ?? this.#seconds(name, 0);
	}

	// The earlier spawns' ticks and `used` more, in seconds: one division of whole numbers.
	#seconds(name: string, used: number): number {
		return ((this.#spent.get(name) ?? 0) + used) / this.#world.ticksPerSecond;
	}

	// One polling tick: read the source once, then each tree's usage. A tree whose root is gone is left out.
	async sample(): Promise<Map<string, TreeUsage>> {
		const roots = [...this.#watched.values()].map(({rootPid}) => rootPid);
		const table = await this.#world.source.readTrees(roots);
		const at = this.#world.now();
		const index = childrenIndex(table);
		const samples = new Map<string, TreeUsage>();
		for (const [name, watched] of this.#watched) {
			const start = table.get(watched.rootPid)?.start;
			if (watched.start !== undefined && start !== undefined && start !== watched.start) {
				watched.sample = undefined; // The root exited and its pid went to another process before the unit saw the exit.
				continue;
			}

			const pids = descendants(table, watched.rootPid, index);
			if (pids.length === 0) {
				continue;
			}

			let ticks = 0;
			let memory = 0;
			for (const pid of pids) {
				const entry = table.get(pid)!;
				ticks += entry.ticks + entry.childTicks;
				memory += entry.rss;
			}

			const seconds = (at - watched.at) / 1000;
			// An orphan leaving the tree may make the sum drop: never below zero, and the counter never goes down.
			const used = Math.max(0, ticks - watched.ticks);
			const cpu = seconds <= 0 ? 0 : used / this.#world.ticksPerSecond / seconds;
			watched.used += used;
			const cpuSeconds = this.#seconds(name, watched.used);
			watched.ticks = ticks;
			watched.at = at;
			watched.ticked = true;
			watched.sample = {rootPid: watched.rootPid, cpu, memory, pids, cpuSeconds};
			samples.set(name, watched.sample);
		}

		return samples;
	}
}

// Sample every `interval` ms until the signal aborts; a failing read skips one tick rather than ending the loop. The
// first tick is one interval in: at attach nothing runs yet, and start-up should not pay a /proc pass for nothing.
export async function pollUsage(poller: UsagePoller, interval: number, onSample: (samples: Map<string, TreeUsage>) => void, signal: AbortSignal): Promise<void> {
	while (!signal.aborted) {
		await sleep(interval, undefined, {signal}).catch(() => {}); // Aborted: the loop condition ends it.
		const samples = signal.aborted ? undefined : await poller.sample().catch(() => undefined);
		if (samples !== undefined && !signal.aborted) {
			onSample(samples);
		}
	}
}
