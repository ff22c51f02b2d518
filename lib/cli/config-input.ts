import path from 'node:path';
import {interpolateConfig} from '../config/interpolate.js';
import {loadConfig, SEARCH_PLACES} from '../config/load.js';
import {selectProfiles} from '../config/profiles.js';
import {resolveConfig} from '../config/resolve.js';
import type {ResolvedConfig} from '../config/types.js';
import {isObject} from '../config/fields.js';
import {EXIT, SidecarError} from '../errors.js';

// `env`: `sidecar run --env KEY=VALUE`, for every process, above the config's env and env files; `profiles`:
// `--profile NAME`, the entries with profiles to start (config/profiles.ts).
export type ConfigOverrides = {command?: string[]; name?: string; logFormat?: string; env?: Record<string, string>; profiles?: string[]};

// Configs that are data, not programs: `${VAR}` in them is replaced from the environment (lib/config/interpolate.ts).
const isDataConfig = (file: string): boolean => !['.ts', '.mts', '.js', '.mjs', '.cjs'].includes(path.extname(file));

// Find, load and resolve the config, with the command line's overrides applied before validation.
// With no config file and no `-- COMMAND`, there is nothing to run: say where we looked and the two ways forward.
export async function readConfig(configFile: string | undefined, cwd: string, overrides: ConfigOverrides = {}): Promise<ResolvedConfig> {
	const loaded = await loadConfig(configFile, cwd);
	const {file, directory, searched} = loaded;
	const input = file !== null && isDataConfig(file) ? interpolateConfig(loaded.input, process.env) : loaded.input;
	const command = overrides.command ?? [];
	if (file === null && command.length === 0) {
		throw noConfigFound(searched);
	}

	const base = isObject(input) ? input : {};
	const main = isObject(base.main) ? base.main : {};
	const merged = {
		...base,
		...(overrides.name === undefined ? {} : {name: overrides.name}),
		// A command typed on the command line runs where it was typed, even when the config was found in a parent.
		...(command.length === 0 ? {} : {main: {...main, command, cwd: main.cwd ?? cwd}}),
		...(overrides.logFormat === undefined ? {} : {logs: {...(isObject(base.logs) ? base.logs : {}), format: overrides.logFormat}}),
	};
	const resolved = resolveConfig(isObject(input) || input === undefined ? merged : input, directory, file, overrides.env);
	return selectProfiles(resolved, overrides.profiles ?? []);
}

// `sidecar.config.{ts,mts,…}, .sidecarrc{,.json,…}`: SEARCH_PLACES, short enough for one line.
function searchedNames(): string {
	const extensions = (prefix: string) => SEARCH_PLACES.filter(place => place.startsWith(prefix)).map(place => place.slice(prefix.length));
	return `sidecar.config.{${extensions('sidecar.config.').join(',')}}, .sidecarrc{${extensions('.sidecarrc').join(',')}} or a "sidecar" key in package.json`;
}

function noConfigFound(searched: string[]): SidecarError {
	const where = searched.length > 1 ? `${searched[0]} or its parents up to ${searched.at(-1)!}` : searched[0] ?? 'the working directory';
	return new SidecarError([
		`unable to find a config in ${where}: looked for ${searchedNames()}`,
		'write one with `sidecar init`, or name the command to run: `sidecar run -- node app.js`',
	].join('\n'), EXIT.config);
}
