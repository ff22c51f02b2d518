import path from 'node:path';
import {EXIT, SidecarError} from '../errors.js';
import {
	defaultCgroupWorld, groupDirName, killUntilEmpty, procsFilesUnder, readPids, removeTree, unitDirName,
	type CgroupDriver, type CgroupWorld, type GroupLimits, type MemoryEvents,
} from './cgroup-driver.js';
import {CPU_PERIOD_US, parseKeyValues} from './cgroup-v2.js';

const failure = (what: string, error: unknown) =>
	new SidecarError(`unable to ${what}: ${(error as Error).message}`, EXIT.unavailable, {cause: error});

// cgroup v1: the same contract over two hierarchies, `<memory>/sidecar-<unit>/<process>` and `<cpu>/sidecar-<unit>/<process>`.
export class CgroupV1Driver implements CgroupDriver {
	readonly kind = 'cgroup-v1';
	readonly unitDirs: {memory: string; cpu: string};
	readonly #world: CgroupWorld;

	// roots: the supervisor's own cgroup in each hierarchy, from detectEnforcement().v1.
	constructor(roots: {memory: string; cpu: string}, unit: string, world: Partial<CgroupWorld> = {}) {
		this.unitDirs = {memory: path.join(roots.memory, unitDirName(unit)), cpu: path.join(roots.cpu, unitDirName(unit))};
		this.#world = {...defaultCgroupWorld(), ...world};
	}

	async createUnit(): Promise<void> {
		try {
			await this.#world.mkdir(this.unitDirs.memory);
			await this.#world.mkdir(this.unitDirs.cpu);
		} catch (error) {
			throw failure(`create cgroup ${this.unitDirs.memory}`, error);
		}
	}

	async createGroup(name: string, limits: GroupLimits): Promise<string[]> {
		const {memory, cpu} = this.#dirs(name);
		try {
			// A fresh group per start: oom_control and failcnt then count this run only.
			await this.removeGroup(name);
			await this.#world.mkdir(memory);
			await this.#world.mkdir(cpu);
			if (limits.memory !== null) {
				await this.#world.writeFile(path.join(memory, 'memory.limit_in_bytes'), String(limits.memory));
				if (await this.#world.exists(path.join(memory, 'memory.swappiness'))) {
					await this.#world.writeFile(path.join(memory, 'memory.swappiness'), '0'); // Swap would hide the limit.
				}
			}

			await this.#world.writeFile(path.join(cpu, 'cpu.cfs_period_us'), String(CPU_PERIOD_US));
			const quota = limits.cpu === null ? -1 : Math.max(1000, Math.round(limits.cpu * CPU_PERIOD_US));
			await this.#world.writeFile(path.join(cpu, 'cpu.cfs_quota_us'), String(quota));
		} catch (error) {
			throw failure(`create cgroup ${memory}`, error);
		}

		return this.#procs(name);
	}

	async memoryEvents(name: string): Promise<MemoryEvents> {
		const dir = this.#dirs(name).memory;
		// `oom_kill` in memory.oom_control exists since Linux 4.13; failcnt counts every time usage hit the limit.
		const control = parseKeyValues(await this.#world.readFile(path.join(dir, 'memory.oom_control')).catch(() => ''));
		const failcnt = Number(await this.#world.readFile(path.join(dir, 'memory.failcnt')).catch(() => '0'));
		return {oomKills: control.get('oom_kill') ?? 0, limitHits: failcnt};
	}

	async pids(name: string): Promise<number[]> {
		return readPids(this.#world, this.#procs(name));
	}

	async killGroup(name: string): Promise<void> {
		await killUntilEmpty(this.#world, this.#procs(name));
	}

	async removeGroup(name: string): Promise<void> {
		const {memory, cpu} = this.#dirs(name);
		await this.killGroup(name);
		await removeTree(this.#world, memory);
		await removeTree(this.#world, cpu);
	}

	async removeUnit(): Promise<number[]> {
		const {memory, cpu} = this.unitDirs;
		const files = [...await procsFilesUnder(this.#world, memory), ...await procsFilesUnder(this.#world, cpu)];
		const killed = await killUntilEmpty(this.#world, files);
		await removeTree(this.#world, memory);
		await removeTree(this.#world, cpu);
		return killed;
	}

	async cleanupLeftovers(): Promise<number[]> {
		return this.removeUnit();
	}

	#dirs(name: string): {memory: string; cpu: string} {
		return {memory: path.join(this.unitDirs.memory, groupDirName(name)), cpu: path.join(this.unitDirs.cpu, groupDirName(name))};
	}

	#procs(name: string): string[] {
		const {memory, cpu} = this.#dirs(name);
		return [path.join(memory, 'cgroup.procs'), path.join(cpu, 'cgroup.procs')];
	}
}
