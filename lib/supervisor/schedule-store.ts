import * as fs from 'node:fs/promises';
import {homedir} from 'node:os';
import path from 'node:path';

// The last firing of each scheduled process, for catch-up (docs/schedules.md, Catch-up): one small JSON file per unit.
export type ScheduleStore = {
	readonly file: string;
	// The firing times kept (ms by process name), or why there are none: missing, corrupt or another unit's file.
	read: () => Promise<{firings: Record<string, number>} | {problem: string}>;
	// Keeps `at` as the last firing of `name`; resolves with why it could not be written, or null.
	record: (name: string, at: number) => Promise<string | null>;
};

const MARK = 'sidecar-schedules';

// Where systemd's StateDirectory= puts it ($STATE_DIRECTORY, its first entry), else the user's state directory
// ($XDG_STATE_HOME/sidecar, by default ~/.local/state/sidecar), as `UNIT.schedules.json`.
export function scheduleStateFile(unitName: string, env: NodeJS.ProcessEnv = process.env): string {
	const systemd = env.STATE_DIRECTORY?.split(':')[0];
	const directory = systemd === undefined || systemd === ''
		? path.join(env.XDG_STATE_HOME ?? path.join(homedir(), '.local', 'state'), 'sidecar')
		: systemd;
	return path.join(directory, `${unitName}.schedules.json`);
}

// The calls the store makes on the file system: node:fs/promises, or one in memory for the tests on a fake clock,
// whose real I/O no fake clock moves (test/supervisor/schedules-in-process.ts).
export type StoreFiles = Pick<typeof fs, 'readFile' | 'writeFile' | 'mkdir' | 'rename'>;

// The store of one unit in `file`. Writes go one at a time, each to a temporary file renamed over the last, so a crash
// mid-write leaves the previous state, never half a file.
export function fileScheduleStore(file: string, unitName: string, {readFile, writeFile, mkdir, rename}: StoreFiles = fs): ScheduleStore {
	let firings: Record<string, number> = {};
	let writing: Promise<string | null> = Promise.resolve(null);
	const read = async (): Promise<{firings: Record<string, number>} | {problem: string}> => {
		let text: string;
		try {
			text = await readFile(file, 'utf8');
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			return {problem: code === 'ENOENT' ? 'no such file yet: nothing to catch up' : `unable to read it: ${code ?? (error as Error).message}`};
		}

		const kept = parseState(text, unitName);
		if ('firings' in kept) {
			firings = {...kept.firings};
		}

		return kept;
	};

	const write = async (): Promise<string | null> => {
		const content = `${JSON.stringify({format: MARK, version: 1, unit: unitName, firings: Object.fromEntries(Object.entries(firings).map(([name, at]) => [name, new Date(at).toISOString()]))}, null, '\t')}\n`;
		try {
			await mkdir(path.dirname(file), {recursive: true, mode: 0o700});
			await writeFile(`${file}.tmp`, content, {mode: 0o600});
			await rename(`${file}.tmp`, file);
			return null;
		} catch (error) {
			return `unable to write it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
		}
	};

	return {
		file,
		read,
		async record(name, at) {
			firings[name] = at;
			writing = writing.then(write);
			return writing;
		},
	};
}

// The file's content → the firings, or why it is not ours: not JSON, another format, or another unit's.
function parseState(text: string, unitName: string): {firings: Record<string, number>} | {problem: string} {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		return {problem: 'corrupt (not JSON): nothing to catch up'};
	}

	const state = data as {format?: unknown; unit?: unknown; firings?: unknown};
	if (typeof data !== 'object' || data === null || state.format !== MARK || typeof state.firings !== 'object' || state.firings === null) {
		return {problem: 'not a sidecar schedule state file: nothing to catch up'};
	}

	if (state.unit !== unitName) {
		return {problem: `it belongs to unit ${JSON.stringify(state.unit)}: nothing to catch up`};
	}

	const firings: Record<string, number> = {};
	for (const [name, value] of Object.entries(state.firings)) {
		const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
		if (!Number.isNaN(at)) {
			firings[name] = at;
		}
	}

	return {firings};
}
