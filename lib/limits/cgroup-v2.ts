import path from 'node:path';
import {EXIT, SidecarError} from '../errors.js';
import {
	defaultCgroupWorld, groupDirName, killUntilEmpty, procsFilesUnder, readPids, removeTree, unitDirName,
	type CgroupDriver, type CgroupWorld, type GroupLimits, type MemoryEvents,
} from './cgroup-driver.js';

// The CFS period every quota is expressed in (the kernel's default, 100 ms).
export const CPU_PERIOD_US = 100_000;

const controllers = ['memory', 'cpu'];

// `key value` lines (memory.events, memory.oom_control) → numbers by key.
export const parseKeyValues = (text: string): Map<string, number> =>
	new Map(text.split('\n').filter(Boolean).map(line => {
		const [key = '', value = '0'] = line.split(/\s+/);
		return [key, Number(value)];
	}));

const failure = (what: string, error: unknown) =>
	new SidecarError(`unable to ${what}: ${(error as Error).message}`, EXIT.unavailable, {cause: error});

// cgroup v2 (unified): `<parent>/sidecar-<unit>/<process>`, memory.max and cpu.max, OOM kills from memory.events.
export class CgroupV2Driver implements CgroupDriver {
	readonly kind = 'cgroup-v2';
	readonly unitDir: string;
	readonly #parent: string;
	readonly #world: CgroupWorld;

	// parent: the supervisor's own cgroup directory, from detectEnforcement().v2.dir.
	constructor(parent: string, unit: string, world: Partial<CgroupWorld> = {}) {
		this.#parent = parent;
		this.unitDir = path.join(parent, unitDirName(unit));
		this.#world = {...defaultCgroupWorld(), ...world};
	}

	async createUnit(): Promise<void> {
		try {
			await this.#enableControllers(this.#parent);
			await this.#world.mkdir(this.unitDir);
			await this.#enableControllers(this.unitDir);
		} catch (error) {
			throw failure(`create cgroup ${this.unitDir}`, error);
		}
	}

	async createGroup(name: string, limits: GroupLimits): Promise<string[]> {
		const dir = this.#dir(name);
		try {
			// A fresh group per start: memory.events then counts this run's OOM kills only.
			await this.removeGroup(name);
			await this.#world.mkdir(dir);
			await this.#world.writeFile(path.join(dir, 'memory.max'), String(limits.memory ?? 'max'));
			if (limits.memory !== null && await this.#world.exists(path.join(dir, 'memory.swap.max'))) {
				await this.#world.writeFile(path.join(dir, 'memory.swap.max'), '0'); // Swap would hide the limit.
			}

			const quota = limits.cpu === null ? 'max' : String(Math.max(1000, Math.round(limits.cpu * CPU_PERIOD_US)));
			await this.#world.writeFile(path.join(dir, 'cpu.max'), `${quota} ${CPU_PERIOD_US}`);
		} catch (error) {
			throw failure(`create cgroup ${dir}`, error);
		}

		return [path.join(dir, 'cgroup.procs')];
	}

	async memoryEvents(name: string): Promise<MemoryEvents> {
		const events = parseKeyValues(await this.#world.readFile(path.join(this.#dir(name), 'memory.events')).catch(() => ''));
		return {oomKills: events.get('oom_kill') ?? 0, limitHits: events.get('max') ?? 0};
	}

	async pids(name: string): Promise<number[]> {
		return readPids(this.#world, [path.join(this.#dir(name), 'cgroup.procs')]);
	}

	async killGroup(name: string): Promise<void> {
		const dir = this.#dir(name);
		// cgroup.kill (Linux 5.14) kills the whole group atomically, forks included; the loop is the fallback and the wait.
		if (await this.#world.exists(path.join(dir, 'cgroup.kill'))) {
			await this.#world.writeFile(path.join(dir, 'cgroup.kill'), '1').catch(() => {});
		}

		await killUntilEmpty(this.#world, [path.join(dir, 'cgroup.procs')]);
	}

	async removeGroup(name: string): Promise<void> {
		if (await this.#world.exists(this.#dir(name))) {
			await this.killGroup(name);
			await removeTree(this.#world, this.#dir(name));
		}
	}

	async removeUnit(): Promise<number[]> {
		if (!(await this.#world.exists(this.unitDir))) {
			return [];
		}

		const killed = await killUntilEmpty(this.#world, await procsFilesUnder(this.#world, this.unitDir));
		await removeTree(this.#world, this.unitDir);
		return killed;
	}

	async cleanupLeftovers(): Promise<number[]> {
		return this.removeUnit();
	}

	#dir(name: string): string {
		return path.join(this.unitDir, groupDirName(name));
	}

	// "No internal processes": a non-root group with processes of its own cannot hand controllers to children (EBUSY),
	// so the processes of the supervisor's group move to a leaf `sidecar-leaf` first (what systemd asks of Delegate=yes services).
	async #enableControllers(dir: string): Promise<void> {
		const file = path.join(dir, 'cgroup.subtree_control');
		const enabled = (await this.#world.readFile(file).catch(() => '')).split(/\s+/);
		if (controllers.every(c => enabled.includes(c))) {
			return;
		}

		const request = controllers.map(c => `+${c}`).join(' ');
		try {
			await this.#world.writeFile(file, request);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EBUSY' || dir !== this.#parent) {
				throw error;
			}

			const leaf = path.join(dir, 'sidecar-leaf');
			await this.#world.mkdir(leaf);
			for (const pid of await readPids(this.#world, [path.join(dir, 'cgroup.procs')])) {
				await this.#world.writeFile(path.join(leaf, 'cgroup.procs'), String(pid));
			}

			await this.#world.writeFile(file, request);
		}
	}
}
