import {setTimeout as sleep} from 'node:timers/promises';
import {childrenIndex, descendants, readProcessTable, type ProcessTable} from './process-tree.js';

// Usage of one watched tree: cpu in cores since the previous sample, memory as the sum of rss, and its pids.
export type Usage = {cpu: number; memory: number; pids: number[]};

// What a poller reads: the process table, a monotonic clock in ms, and USER_HZ.
export type PollerWorld = {
	readTable: () => Promise<ProcessTable>;
	now: () => number;
	ticksPerSecond: number;
};

type Watched = {rootPid: number; ticks: number | undefined; at: number};

const treeTotals = (table: ProcessTable, pids: number[]) => {
	let ticks = 0;
	let memory = 0;
	for (const pid of pids) {
		const entry = table.get(pid)!;
		ticks += entry.ticks + entry.childTicks;
		memory += entry.rss;
	}

	return {ticks, memory};
};

// Polls every watched tree from ONE read of the process table per tick (issue 4), not one scan per process.
export class UsagePoller {
	readonly #world: PollerWorld;
	readonly #watched = new Map<string, Watched>();

	constructor(world: Partial<PollerWorld> = {}) {
		this.#world = {readTable: async () => readProcessTable(), now: () => performance.now(), ticksPerSecond: 100, ...world};
	}

	// Start following the tree of rootPid under name (a restarted process is watched again with its new pid).
	watch(name: string, rootPid: number): void {
		this.#watched.set(name, {rootPid, ticks: undefined, at: 0});
	}

	// Stop following name.
	unwatch(name: string): void {
		this.#watched.delete(name);
	}

	// One polling tick: read the table once, then each tree's usage. A tree whose root is gone is left out.
	async sample(): Promise<Map<string, Usage>> {
		const table = await this.#world.readTable();
		const at = this.#world.now();
		const index = childrenIndex(table);
		const samples = new Map<string, Usage>();
		for (const [name, watched] of this.#watched) {
			const pids = descendants(table, watched.rootPid, index);
			if (pids.length === 0) {
				continue;
			}

			const {ticks, memory} = treeTotals(table, pids);
			const seconds = (at - watched.at) / 1000;
			// The first sample has no earlier one to compare with; an orphan leaving the tree may make the sum drop.
			const cpu = watched.ticks === undefined || seconds <= 0 ? 0 : Math.max(0, ticks - watched.ticks) / this.#world.ticksPerSecond / seconds;
			watched.ticks = ticks;
			watched.at = at;
			samples.set(name, {cpu, memory, pids});
		}

		return samples;
	}
}

// Sample every `interval` ms until the signal aborts; a failing read skips one tick rather than ending the loop.
export async function pollUsage(poller: UsagePoller, interval: number, onSample: (samples: Map<string, Usage>) => void, signal: AbortSignal): Promise<void> {
	while (!signal.aborted) {
		const samples = await poller.sample().catch(() => undefined);
		if (samples !== undefined && !signal.aborted) {
			onSample(samples);
		}

		await sleep(interval, undefined, {signal}).catch(() => {}); // Aborted: the loop condition ends it.
	}
}
