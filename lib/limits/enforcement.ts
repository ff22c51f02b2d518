import {accessSync, constants, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import type {ResolvedLimits} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';

// How one process's limits are held; `status --json` shows it through enforcementLabel().
export type Enforcement = 'cgroup-v2' | 'cgroup-v1' | 'polling' | 'none';

// What the host offers: for each hierarchy, the supervisor's own cgroup directory (unit groups go under it), or why not.
export type DetectedCgroups = {
	v2: {dir: string} | null;
	v1: {memory: string; cpu: string} | null;
	reasons: string[];
};

// Where to read the mount table and the supervisor's own cgroups (tests point them at a temp tree).
export type DetectOptions = {mounts?: string; selfCgroup?: string};

type Mount = {point: string; type: string; options: string[]};

// /proc/self/mounts escapes spaces and friends as octal (`\040`).
const unescape = (field: string) => field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCodePoint(Number.parseInt(octal, 8)));

const parseMounts = (text: string): Mount[] => text.split('\n').filter(Boolean).map(line => {
	const [, point = '', type = '', options = ''] = line.split(' ');
	return {point: unescape(point), type, options: options.split(',')};
});

// `ID:controllers:path` lines; v2 is the line with ID 0 and no controllers.
const parseSelf = (text: string) => text.split('\n').filter(Boolean).map(line => {
	const [id = '', controllers = '', ...rest] = line.split(':');
	return {id, controllers: controllers.split(','), path: rest.join(':')};
});

// Synchronous on purpose: /proc and cgroupfs never touch a disk, and a thread-pool round trip per call made detection
// the slowest add-on of start-up (~6 ms for its ten calls on a 2-core host, docs/benchmarks.md).
const readText = (file: string) => {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
};

const isWritable = (file: string) => {
	try {
		accessSync(file, constants.W_OK);
		return true;
	} catch {
		return false;
	}
};

const isDirectory = (dir: string) => {
	try {
		return statSync(dir).isDirectory();
	} catch {
		return false; // Missing, or not reachable (ENOTDIR, EACCES): the mount point is used instead.
	}
};

// In a cgroup namespace the path in /proc/self/cgroup is already relative to the mount: fall back to the mount point.
const ownDir = (point: string, own: string) => {
	const dir = path.resolve(point, `.${own}`); // No trailing slash for '/'.
	return isDirectory(dir) ? dir : point;
};

function detectV2(mounts: Mount[], self: ReturnType<typeof parseSelf>, reasons: string[]): DetectedCgroups['v2'] {
	const mount = mounts.find(m => m.type === 'cgroup2');
	const own = self.find(line => line.id === '0');
	if (mount === undefined || own === undefined) {
		reasons.push('no cgroup2 hierarchy is mounted');
		return null;
	}

	const dir = ownDir(mount.point, own.path);
	const controllers = readText(path.join(dir, 'cgroup.controllers')).split(/\s+/);
	const missing = ['memory', 'cpu'].filter(c => !controllers.includes(c));
	if (missing.length > 0) {
		reasons.push(`cgroup v2 at ${dir} does not offer the ${missing.join(' and ')} controller${missing.length > 1 ? 's' : ''}`);
		return null;
	}

	if (!isWritable(dir) || !isWritable(path.join(dir, 'cgroup.subtree_control'))) {
		reasons.push(`cgroup v2 at ${dir} is not writable by this user (delegate it, e.g. systemd Delegate=yes)`);
		return null;
	}

	return {dir};
}

function detectV1(mounts: Mount[], self: ReturnType<typeof parseSelf>, reasons: string[]): DetectedCgroups['v1'] {
	const dirs: Record<string, string> = {};
	for (const controller of ['memory', 'cpu']) {
		const mount = mounts.find(m => m.type === 'cgroup' && m.options.includes(controller));
		const own = self.find(line => line.controllers.includes(controller));
		if (mount === undefined || own === undefined) {
			reasons.push(`the cgroup v1 ${controller} controller is not mounted`);
			return null;
		}

		dirs[controller] = ownDir(mount.point, own.path);
		if (!isWritable(dirs[controller]!)) {
			reasons.push(`cgroup v1 ${controller} at ${dirs[controller]} is not writable by this user`);
			return null;
		}
	}

	return {memory: dirs['memory']!, cpu: dirs['cpu']!};
}

// Read once at start: which cgroup hierarchies the supervisor can use. Paths are parameters so tests can use a temp tree.
export function detectEnforcement({mounts = '/proc/self/mounts', selfCgroup = '/proc/self/cgroup'}: DetectOptions = {}): DetectedCgroups {
	const reasons: string[] = [];
	const mountTable = parseMounts(readText(mounts));
	const self = parseSelf(readText(selfCgroup));
	const v2 = detectV2(mountTable, self, reasons);
	const v1 = v2 === null ? detectV1(mountTable, self, reasons) : null;
	return {v2, v1, reasons};
}

// auto prefers cgroup v2, then v1, then polling; `enforce: 'cgroup'` where cgroups cannot work is an error at start, not a downgrade.
export function chooseEnforcement(limits: Pick<ResolvedLimits, 'memory' | 'cpu' | 'enforce'>, detected: DetectedCgroups, name: string): Enforcement {
	if (limits.memory === null && limits.cpu === null) {
		return 'none';
	}

	if (limits.enforce === 'polling') {
		return 'polling';
	}

	const cgroup = detected.v2 === null ? (detected.v1 === null ? null : 'cgroup-v1') : 'cgroup-v2';
	if (cgroup === null && limits.enforce === 'cgroup') {
		throw new SidecarError(`unable to enforce limits of ${name} with cgroups: ${detected.reasons.join('; ') || 'no cgroup hierarchy found'}`, EXIT.unavailable);
	}

	return cgroup ?? 'polling';
}

// The three values `status --json` shows in limits.enforcement.
export const enforcementLabel = (enforcement: Enforcement): 'cgroup' | 'polling' | 'none' =>
	enforcement === 'cgroup-v2' || enforcement === 'cgroup-v1' ? 'cgroup' : enforcement;
