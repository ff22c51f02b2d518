import {accessSync, constants, statSync} from 'node:fs';
import path from 'node:path';
import {procRoot} from '../proc/proc-table.js';

// A program the supervisor runs for itself, missing on this host, and what the unit goes without (event `helper-missing`).
export type MissingHelper = {program: string; lost: string; reason?: string};

// libuv's search when PATH is unset (_PATH_DEFPATH), so the answer matches what a spawn would find.
const DEFAULT_PATH = '/usr/bin:/bin';

// The file `name` resolves to on `searchPath`, as a spawn would find it; null when none is executable.
export function findProgram(name: string, searchPath: string | undefined = process.env.PATH): string | null {
	for (const directory of (searchPath ?? DEFAULT_PATH).split(path.delimiter)) {
		const file = path.resolve(directory || '.', name);
		try {
			accessSync(file, constants.X_OK);
			if (statSync(file).isFile()) {
				return file;
			}
		} catch {} // Not here.
	}

	return null;
}

// The program tree-kill runs to list a process's children (it spawns it without an error handler: never call it without).
export const treeKillHelper = (platform: NodeJS.Platform = process.platform): string => platform === 'darwin' ? 'pgrep' : 'ps';

// What the portable path (no /proc table, docs/host.md) needs and cannot find: `ps` lists the trees and feeds pidusage,
// and tree-kill needs `ps` (or `pgrep` on macOS). Empty where the supervisor reads /proc itself.
export function missingTreeHelpers(env: NodeJS.ProcessEnv = process.env, root?: string): MissingHelper[] {
	if (procRoot(env, root) !== null) {
		return [];
	}

	const missing: MissingHelper[] = [];
	if (findProgram('ps', env.PATH) === null) {
		missing.push({program: 'ps', lost: 'cpu and memory are not measured and descendants that left their process group are not killed'});
	}

	const lister = treeKillHelper();
	if (lister !== 'ps' && findProgram(lister, env.PATH) === null) {
		missing.push({program: lister, lost: 'descendants that left their process group are not killed'});
	}

	return missing;
}
