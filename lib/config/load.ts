import {existsSync} from 'node:fs';
import path from 'node:path';
import {cosmiconfig, type Loader} from 'cosmiconfig';
import {EXIT, SidecarError} from '../errors.js';
import {loadJsFresh} from './load-fresh.js';
import {loadTypeScript} from './load-typescript.js';

const SEARCH_PLACES = [
	'package.json',
	'sidecar.config.ts', 'sidecar.config.mts', 'sidecar.config.js', 'sidecar.config.mjs', 'sidecar.config.cjs',
	'sidecar.config.json', 'sidecar.config.yaml', 'sidecar.config.yml',
	'.sidecarrc', '.sidecarrc.json', '.sidecarrc.yaml', '.sidecarrc.yml', '.sidecarrc.js', '.sidecarrc.ts',
];

export type LoadedConfig = {input: unknown; file: string | null; directory: string};

// `--config FILE`, else a cosmiconfig search of the working directory; no file at all → {} (`run -- node app.js` works).
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
		const result = file === undefined ? await explorer.search(cwd) : await explorer.load(file);
		return result === null
			? {input: {}, file: null, directory: cwd}
			: {input: result.config, file: result.filepath, directory: path.dirname(result.filepath)};
	} catch (error) {
		const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
		throw new SidecarError(`unable to load config ${file ?? `in ${cwd}`}: ${reason}`, EXIT.config, {cause: error});
	}
}
