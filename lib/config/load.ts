import {existsSync} from 'node:fs';
import path from 'node:path';
import {cosmiconfig, type CosmiconfigResult, type Loader, type PublicExplorer} from 'cosmiconfig';
import {EXIT, SidecarError} from '../errors.js';
import {loadJsFresh} from './load-fresh.js';
import {loadTypeScript} from './load-typescript.js';
import {projectDirectories} from './project-dirs.js';

export const SEARCH_PLACES = [
	'package.json',
	'sidecar.config.ts', 'sidecar.config.mts', 'sidecar.config.js', 'sidecar.config.mjs', 'sidecar.config.cjs',
	'sidecar.config.json', 'sidecar.config.yaml', 'sidecar.config.yml',
	'.sidecarrc', '.sidecarrc.json', '.sidecarrc.yaml', '.sidecarrc.yml', '.sidecarrc.js', '.sidecarrc.ts',
];

// `searched`: the directories looked in, nearest first (for the "no config found" message).
export type LoadedConfig = {input: unknown; file: string | null; directory: string; searched: string[]};

// `--config FILE`, else a cosmiconfig search from the working directory up to the project root; no file at all → {}
// (`run -- node app.js` works).
export async function loadConfig(configFile: string | undefined, cwd: string): Promise<LoadedConfig> {
	const explorer = cosmiconfig('sidecar', {
		searchPlaces: SEARCH_PLACES,
		searchStrategy: 'none',
		loaders: {'.ts': loadTypeScript as Loader, '.mts': loadTypeScript as Loader, '.js': loadJsFresh as Loader, '.mjs': loadJsFresh as Loader, '.cjs': loadJsFresh as Loader},
	});
	const file = configFile === undefined ? undefined : path.resolve(cwd, configFile);
	if (file !== undefined && !existsSync(file)) {
		throw new SidecarError(`unable to read config ${file}: no such file`, EXIT.config);
	}

	try {
		const searched = file === undefined ? projectDirectories(cwd) : [];
		const result = file === undefined ? await searchUp(explorer, searched) : await explorer.load(file);
		return result === null
			? {input: {}, file: null, directory: cwd, searched}
			: {input: result.config, file: result.filepath, directory: path.dirname(result.filepath), searched};
	} catch (error) {
		const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
		throw new SidecarError(`unable to load config ${file ?? `in ${cwd}`}: ${reason}`, EXIT.config, {cause: error});
	}
}

// The nearest directory's config wins: a subdirectory of a project runs the project's unit.
async function searchUp(explorer: PublicExplorer, directories: string[]): Promise<CosmiconfigResult> {
	for (const directory of directories) {
		const result = await explorer.search(directory);
		if (result !== null) {
			return result;
		}
	}

	return null;
}
