import {loadConfig} from '../config/load.js';
import {resolveConfig} from '../config/resolve.js';
import type {ResolvedConfig} from '../config/types.js';
import {isObject} from '../config/fields.js';

export type ConfigOverrides = {command?: string[]; name?: string; logFormat?: string};

// Find, load and resolve the config, with the command line's overrides applied before validation.
export async function readConfig(configFile: string | undefined, cwd: string, overrides: ConfigOverrides = {}): Promise<ResolvedConfig> {
	const {input, file, directory} = await loadConfig(configFile, cwd);
	const base = isObject(input) ? input : {};
	const merged = {
		...base,
		...(overrides.name === undefined ? {} : {name: overrides.name}),
		...(overrides.command === undefined || overrides.command.length === 0 ? {} : {main: {...(isObject(base.main) ? base.main : {}), command: overrides.command}}),
		...(overrides.logFormat === undefined ? {} : {logs: {...(isObject(base.logs) ? base.logs : {}), format: overrides.logFormat}}),
	};
	return resolveConfig(isObject(input) || input === undefined ? merged : input, directory, file);
}
