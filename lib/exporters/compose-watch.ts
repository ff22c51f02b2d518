import path from 'node:path';
import type {ResolvedConfig, ResolvedWatch} from '../config/types.js';
import {describeWatch, exportedWatches} from './watches.js';
import type {YamlValue} from './yaml.js';

// Compose's develop.watch restarts, rebuilds or syncs a container: only a watch whose action is a plain restart has a
// form there (docker/compose#11062 added `restart`). A signal is not among them, and a step before the restart is
// not carried, because restarting without it would replace a working app with a broken build.
export const isCarriedToCompose = (watch: ResolvedWatch | null): boolean => watch?.action.type === 'restart';

// A service's `develop`: one `action: restart` entry per watched path, with the watch's ignore and include patterns.
export function composeDevelop(watch: ResolvedWatch | null, directory: string): YamlValue | undefined {
	if (watch === null || !isCarriedToCompose(watch)) {
		return undefined;
	}

	const ignore = watch.ignore.map(pattern => composePattern(pattern));
	const include = watch.include.map(pattern => composePattern(pattern));
	return {
		watch: watch.paths.map(entry => ({
			path: composePath(entry, directory),
			action: 'restart',
			ignore: ignore.length > 0 ? ignore : undefined,
			include: include.length > 0 ? include : undefined,
		})),
	};
}

// Compose reads `path` against the compose file's directory, which is taken to be the config's (write the export
// beside it): a path inside it becomes `./…`, any other stays absolute.
const composePath = (entry: string, directory: string): string => {
	const relative = path.relative(directory, entry);
	return relative === '' ? '.' : relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative) ? entry : `./${relative}`;
};

// Compose's patterns are .dockerignore's, read against `path`; ours match the base name at any depth when they have
// no '/' (process-compose's rule), which is `**/` in front there.
const composePattern = (pattern: string): string =>
	pattern.includes('/') ? pattern.replace(/^\.?\//, '') : `**/${pattern}`;

// What of the unit's watches compose does not carry, one line each.
export function composeWatchNotes(config: ResolvedConfig): string[] {
	return exportedWatches(config).flatMap(entry => {
		const {watch} = entry;
		const what = describeWatch(entry);
		if (watch.action.type === 'signal') {
			return [`${what}: compose watch restarts, rebuilds or syncs and sends no signal; x-sidecar.watch of the service records it`];
		}

		if (watch.action.type === 'exec') {
			return [`${what}: compose has no step before a restart (sync+exec runs a command in the container after copying files); restarting without the step could replace a working app with a broken build, so no develop.watch is written; x-sidecar.watch records it`];
		}

		return [
			`${what}: carried as develop.watch, which acts only under \`docker compose watch\` (or \`up --watch\`), and the restarted container sees the change only through a bind mount of the path (volumes:), which this export does not write`,
			...(watch.when === 'always' ? [`${entry.name}'s watch is when: 'always': compose watches in watch mode only, never in a plain \`up\``] : []),
			...(watch.cascade ? [`${entry.name}'s watch has cascade: compose restarts no dependents`] : []),
			...(watch.poll === null ? [] : [`${entry.name}'s watch polls every ${watch.poll} ms: compose watches with its own file events`]),
		];
	});
}
