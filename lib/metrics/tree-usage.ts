import {childrenIndex, descendants, readProcessTable, type ProcessTable} from '../limits/process-tree.js';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux.

type Seen = {pid: number; base: number; last: number};

// CPU seconds and resident memory per process tree, read from one process table per scrape. CPU is a counter
// across restarts: a new pid starts from what its earlier incarnations used, so the series never goes down.
export class TreeUsage {
	readonly #seen = new Map<string, Seen>();

	constructor(private readonly readTable: () => Promise<ProcessTable> = async () => readProcessTable()) {}

	async read(processes: ReadonlyArray<{name: string; pid: number | null}>): Promise<Map<string, {cpuSeconds: number; memory: number}>> {
		const table = await this.readTable().catch(() => new Map() as ProcessTable);
		const index = childrenIndex(table);
		const usage = new Map<string, {cpuSeconds: number; memory: number}>();
		for (const {name, pid} of processes) {
			const seen = this.#seen.get(name) ?? {pid: -1, base: 0, last: 0};
			this.#seen.set(name, seen);
			let memory = 0;
			if (pid !== null) {
				if (pid !== seen.pid) {
					seen.base += seen.last;
					seen.last = 0;
					seen.pid = pid;
				}

				let ticks = 0;
				for (const member of descendants(table, pid, index)) {
					const entry = table.get(member)!;
					ticks += entry.ticks + entry.childTicks;
					memory += entry.rss;
				}

				seen.last = Math.max(seen.last, ticks / TICKS_PER_SECOND);
			}

			usage.set(name, {cpuSeconds: seen.base + seen.last, memory});
		}

		return usage;
	}
}
