import path from 'node:path';
import {loadJson, loadYaml} from './load-data.js';
import {configLoadError, configReadError} from './load-error.js';
import {projectDirectories} from './project-dirs.js';
import {loadConfigFile, searchDirectory, type ConfigLoaders, type FoundConfig} from './search-config.js';
import {assertNothingSkipped} from './skipped-config.js';

export const SEARCH_PLACES = [
	'package.json',
	'sidecar.config.ts', 'sidecar.config.mts', 'sidecar.config.js', 'sidecar.config.mjs', 'sidecar.config.cjs',
	'sidecar.config.json', 'sidecar.config.yaml', 'sidecar.config.yml',
	'.sidecarrc', '.sidecarrc.json', '.sidecarrc.yaml', '.sidecarrc.yml', '.sidecarrc.js', '.sidecarrc.ts',
];

type Loader = ConfigLoaders[string];

// Every loader's failure names the file and the reason (exit 78); see configLoadError for why they are wrapped.
const reporting = (loader: Loader): Loader => async (filepath, content) => {
	try {
		return await loader(filepath, content);
	} catch (error) {
		throw configLoadError(filepath, error);
	}
};

// The module loaders load on first use: a JSON or YAML config does not pay for them (a few ms).
const loadTypeScript: Loader = async (filepath, content) => (await import('./load-typescript.js')).loadTypeScript(filepath, content);
const loadJsFresh: Loader = async (filepath, content) => (await import('./load-fresh.js')).loadJsFresh(filepath, content);

const LOADERS: ConfigLoaders = {
	'.ts': reporting(loadTypeScript), '.mts': reporting(loadTypeScript),
	'.js': reporting(loadJsFresh), '.mjs': reporting(loadJsFresh), '.cjs': reporting(loadJsFresh),
	'.json': reporting(loadJson), '.yaml': reporting(loadYaml), '.yml': reporting(loadYaml),
	noExt: reporting(loadYaml), // `.sidecarrc`: YAML, which JSON also is.
};
const EXTENSIONS = Object.keys(LOADERS).filter(key => key !== 'noExt').join(', ');

// `searched`: the directories looked in, nearest first (for the "no config found" message).
export type LoadedConfig = {input: unknown; file: string | null; directory: string; searched: string[]};

// `--config FILE`, else a search (search-config.ts) from the working directory up to the project root; no file at all →
// {} (`run -- node app.js` works).
// A file that exists and cannot be read or loaded is an error (exit 78), never a reason to go on without it.
export async function loadConfig(configFile: string | undefined, cwd: string): Promise<LoadedConfig> {
	const file = configFile === undefined ? undefined : path.resolve(cwd, configFile);
	if (file !== undefined && !(path.extname(file) in LOADERS || path.extname(file) === '')) {
		throw configLoadError(file, new Error(`unknown extension "${path.extname(file)}", expected one of ${EXTENSIONS}, or none (YAML)`));
	}

	try {
		const searched = file === undefined ? projectDirectories(cwd) : [];
		const result = file === undefined ? await searchUp(searched) : await loadConfigFile(file, LOADERS);
		if (file === undefined) {
			await assertNothingSkipped(searched, SEARCH_PLACES, result?.filepath);
		}

		return result === null
			? {input: {}, file: null, directory: cwd, searched}
			: {input: result.config, file: result.filepath, directory: path.dirname(result.filepath), searched};
	} catch (error) {
		// Loaders' errors name their file already; a read error names it in `path`.
		throw configReadError((error as {path?: string}).path ?? file ?? cwd, error);
	}
}

// The nearest directory's config wins: a subdirectory of a project runs the project's unit.
async function searchUp(directories: string[]): Promise<FoundConfig | null> {
	for (const directory of directories) {
		const result = await searchDirectory(directory, SEARCH_PLACES, LOADERS);
		if (result !== null) {
			return result;
		}
	}

	return null;
}
