import {isDeepStrictEqual} from 'node:util';
import type {ResolvedConfig, ResolvedProcess, ResolvedWatch, ResolvedWatchAction} from '../config/types.js';

// One watch as the exports see it: a process's, or a replicated sidecar's when all its instances watch alike (acted on
// by the group's name: `sidecar restart GROUP` restarts the instances one at a time, `sidecar signal GROUP` reaches each).
export type ExportedWatch = {
	// The name control commands take: "main", a sidecar, or a group.
	name: string;
	// Where it sits in the config, for messages: "main.watch", "sidecars.nginx.watch".
	at: string;
	spec: ResolvedProcess;
	watch: ResolvedWatch;
	// How many processes it acts on (a group's count; 1 otherwise).
	instances: number;
};

// Every watch of the unit, main first, then sidecars as given; a group's alike instances once, by the group's name.
export function exportedWatches(config: ResolvedConfig): ExportedWatch[] {
	const watched = [config.main, ...config.sidecars].filter(spec => spec.watch !== null);
	const result: ExportedWatch[] = [];
	for (const spec of watched) {
		const group = spec.replica?.group;
		const siblings = group === undefined ? [] : watched.filter(other => other.replica?.group === group);
		const alike = siblings.every(other => isDeepStrictEqual(other.watch, spec.watch));
		if (group !== undefined && alike) {
			if (spec === siblings[0]) {
				result.push({name: group, at: `sidecars.${group}.watch`, spec, watch: spec.watch!, instances: siblings.length});
			}

			continue;
		}

		result.push({name: spec.name, at: spec.kind === 'main' ? 'main.watch' : `sidecars.${spec.name}.watch`, spec, watch: spec.watch!, instances: 1});
	}

	return result;
}

// An action in words, for comments and notes: "restart", "SIGHUP to its process group", "exec `nginx -t`, then SIGHUP …".
export function describeAction(action: ResolvedWatchAction): string {
	switch (action.type) {
		case 'restart': {
			return 'restart';
		}

		case 'signal': {
			return `${action.signal} to its ${action.to === 'group' ? 'process group' : 'process'}`;
		}

		default: {
			return `exec \`${stepText(action.command)}\`, then ${describeAction(action.then)}`;
		}
	}
}

// A step's argv as the user wrote it: a shell string comes back as itself.
const stepText = (command: string[]): string =>
	command.length === 3 && command[0] === '/bin/sh' && command[1] === '-c' ? command[2]! : command.join(' ');

// "nginx's watch of /etc/nginx (SIGHUP to its process, when: 'always')": the subject of a note.
export const describeWatch = ({name, watch}: ExportedWatch): string =>
	`${name}'s watch of ${watch.paths.join(', ')} (${describeAction(watch.action)}, when: '${watch.when}')`;
