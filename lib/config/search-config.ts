import {readdirSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import path from 'node:path';

// A loader by extension (`.ts`, `.json`…; `noExt` for `.sidecarrc`), given the file and its text.
export type ConfigLoaders = Record<string, (filepath: string, content: string) => unknown>;
// What a search or a load found: the config (undefined for an empty file) and its file.
export type FoundConfig = {config: unknown; filepath: string};

// package.json holds a config under this key.
const PACKAGE_KEY = 'sidecar';
// A search place that cannot be read for one of these is passed over, as cosmiconfig 9's search did;
// skipped-config.ts then refuses the ones that must not be (a config made unreadable, a directory in its place).
const PASSED_OVER = new Set(['ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES']);

// Reads and loads one config file with cosmiconfig 9's rules for the options load.ts used: an empty file is a config
// with no settings; package.json counts only with a "sidecar" key (null: it has none). sidecar's own code rather
// than cosmiconfig's: requiring cosmiconfig took ~10 ms of every start (its loaders load node:crypto) for a search
// this small (issue 29; docs/config.md). Its `$import` key and meta config are not supported.
export async function loadConfigFile(filepath: string, loaders: ConfigLoaders): Promise<FoundConfig | null> {
	const content = await readFile(filepath, 'utf8');
	if (content.trim() === '') {
		return {config: undefined, filepath};
	}

	const extension = path.extname(filepath);
	const loaded = await loaders[extension || 'noExt']!(filepath, content);
	if (path.basename(filepath, extension) !== 'package') {
		return {config: loaded, filepath};
	}

	const value = (loaded as Record<string, unknown> | null)?.[PACKAGE_KEY];
	return value === undefined || value === null ? null : {config: value, filepath};
}

// The first of `places` in `directory` that holds a config (loadConfigFile), or null. One listing of the directory
// rather than a read per place: most places do not exist.
export async function searchDirectory(directory: string, places: readonly string[], loaders: ConfigLoaders): Promise<FoundConfig | null> {
	let present: Set<string>;
	try {
		present = new Set(readdirSync(directory));
	} catch {
		return null; // Not a directory one can list: nothing to find in it (skipped-config.ts reads it again).
	}

	for (const place of places.filter(name => present.has(name))) {
		try {
			const found = await loadConfigFile(path.join(directory, place), loaders);
			if (found !== null) {
				return found;
			}
		} catch (error) {
			if (!PASSED_OVER.has((error as NodeJS.ErrnoException).code ?? '')) {
				throw error;
			}
		}
	}

	return null;
}
