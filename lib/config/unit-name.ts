import path from 'node:path';

import {NAME_PATTERN} from './fields.js';

// The directory's basename, made safe for a socket path and a cgroup name: the name of a unit whose config gives none.
export const defaultUnitName = (directory: string): string =>
	path.basename(path.resolve(directory)).replaceAll(/[^\w.-]/g, '-').replace(/^[^A-Za-z\d]+/, '') || 'sidecar';

// The unit a loaded config (valid or not) names: its `name` when that is a valid name, else the directory's. Control
// commands use it to find the socket without validating the rest of the config.
export function unitName(input: unknown, directory: string): string {
	const given = typeof input === 'object' && input !== null ? (input as {name?: unknown}).name : undefined;
	return typeof given === 'string' && NAME_PATTERN.test(given) ? given : defaultUnitName(directory);
}
