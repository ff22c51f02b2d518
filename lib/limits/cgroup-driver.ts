import {accessSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {World} from '../process/world.js';
import {realKill} from '../signals/send.js';
import {realSleep} from '../world.js';

// The limits one process group is created with: bytes and cores, null for none.
export type GroupLimits = {memory: number | null; cpu: number | null};

// Counted since the group was created: kernel OOM kills, and how often usage hit the limit.
export type MemoryEvents = {oomKills: number; limitHits: number};

// The contract both cgroup drivers keep (cgroup-v2.ts, cgroup-v1.ts); the supervisor only sees this.
export type CgroupDriver = {
	readonly kind: 'cgroup-v2' | 'cgroup-v1';
	// Create `sidecar-<unit>` (and enable controllers); call after cleanupLeftovers().
	createUnit(): Promise<void>;
	// A fresh group for one (re)start of name, limits written; returns the cgroup.procs files for cgroupWrapper().
	createGroup(name: string, limits: GroupLimits): Promise<string[]>;
	memoryEvents(name: string): Promise<MemoryEvents>;
	pids(name: string): Promise<number[]>;
	// SIGKILL everything in the group until it is empty.
	killGroup(name: string): Promise<void>;
	// killGroup, then rmdir in every hierarchy.
	removeGroup(name: string): Promise<void>;
	// Kill and remove every group of the unit, then the unit itself. Returns the pids it had to kill.
	removeUnit(): Promise<number[]>;
	// removeUnit for a `sidecar-<unit>` left by a supervisor that died; call at start, after the twin check.
	cleanupLeftovers(): Promise<number[]>;
};

// The file system, and the view of the world (signals, the clock), a driver touches; tests swap them to run the v2
// protocol on a plain temp tree.
export type CgroupWorld = Pick<World, 'kill' | 'sleep' | 'now'> & {
	readFile: (file: string) => Promise<string>;
	writeFile: (file: string, data: string) => Promise<void>;
	mkdir: (dir: string) => Promise<void>;
	rmdir: (dir: string) => Promise<void>;
	subdirectories: (dir: string) => Promise<string[]>;
	exists: (file: string) => Promise<boolean>;
	selfPid: number;
};

// The real world: cgroupfs through node:fs, signals through signals/send.ts. Synchronous calls behind the async contract:
// cgroupfs never touches a disk, and a thread-pool round trip per file cost more than the call (docs/benchmarks.md).
export const defaultCgroupWorld = (): CgroupWorld => ({
	readFile: async file => readFileSync(file, 'utf8'),
	writeFile: async (file, data) => {
		writeFileSync(file, data);
	},
	mkdir: async dir => {
		mkdirSync(dir, {recursive: true});
	},
	rmdir: async dir => {
		rmdirSync(dir);
	},
	subdirectories: async dir => {
		try {
			return readdirSync(dir, {withFileTypes: true}).filter(e => e.isDirectory()).map(e => e.name);
		} catch {
			return [];
		}
	},
	exists: async file => {
		try {
			accessSync(file);
			return true;
		} catch {
			return false;
		}
	},
	kill: realKill,
	sleep: realSleep,
	now: () => Date.now(), // Real time: a group's teardown is a host job, not unit logic.
	selfPid: process.pid,
});

// Interface files all contain a dot (`cgroup.procs`, `memory.max`): a group name never does, so they cannot collide.
export const groupDirName = (name: string): string => name.replaceAll(/[^\w-]/g, '_');

// The unit's group: `sidecar-<unit>`, the name a later supervisor looks for after a crash.
export const unitDirName = (unit: string): string => `sidecar-${groupDirName(unit)}`;

// Pids listed in cgroup.procs files; a missing file (group gone) lists none.
export async function readPids(world: CgroupWorld, procsFiles: string[]): Promise<number[]> {
	const pids = new Set<number>();
	for (const file of procsFiles) {
		const text = await world.readFile(file).catch(() => '');
		for (const line of text.split('\n')) {
			if (/^\d+$/.test(line)) {
				pids.add(Number(line));
			}
		}
	}

	return [...pids];
}

// The pauses below are never cut short.
const never = new AbortController().signal;

// SIGKILL every listed pid, again, until the groups are empty: a process forking while we kill lands in the same group.
export async function killUntilEmpty(world: CgroupWorld, procsFiles: string[], timeout = 5000): Promise<number[]> {
	const killed = new Set<number>();
	const deadline = world.now() + timeout;
	for (;;) {
		const pids = (await readPids(world, procsFiles)).filter(pid => pid !== world.selfPid);
		if (pids.length === 0) {
			return [...killed];
		}

		if (world.now() > deadline) {
			throw new Error(`processes ${pids.join(', ')} survived SIGKILL for ${timeout} ms`);
		}

		for (const pid of pids) {
			world.kill(pid, 'SIGKILL');
			killed.add(pid);
		}

		await world.sleep(10, never);
	}
}

// rmdir a group and its subgroups, deepest first; a group whose last process is still exiting is EBUSY for a moment.
export async function removeTree(world: CgroupWorld, dir: string, timeout = 2000): Promise<void> {
	for (const child of await world.subdirectories(dir)) {
		await removeTree(world, path.join(dir, child), timeout);
	}

	const deadline = world.now() + timeout;
	for (;;) {
		try {
			await world.rmdir(dir);
			return;
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT') {
				return;
			}

			if (code !== 'EBUSY' || world.now() > deadline) {
				throw error;
			}

			await world.sleep(10, never);
		}
	}
}

// Every cgroup.procs file under dir, the dir's own included: the whole unit, for cleanup.
export async function procsFilesUnder(world: CgroupWorld, dir: string): Promise<string[]> {
	const files = [path.join(dir, 'cgroup.procs')];
	for (const child of await world.subdirectories(dir)) {
		files.push(...await procsFilesUnder(world, path.join(dir, child)));
	}

	return files;
}
