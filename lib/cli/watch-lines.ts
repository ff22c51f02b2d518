import type {ResolvedConfig, ResolvedWatchAction} from '../config/types.js';
import {formatDuration} from '../config/units.js';

// `sidecar check`'s note per watch (docs/watch.md): what it watches, what a change does, and when it runs. A replicated
// sidecar once, by its group's name.
export function watchLines(config: ResolvedConfig): string[] {
	const seen = new Set<string>();
	return [config.main, ...config.sidecars].filter(spec => spec.watch !== null).flatMap(spec => {
		const name = spec.replica?.group ?? spec.name;
		if (seen.has(name)) {
			return [];
		}

		seen.add(name);
		const watch = spec.watch!;
		const at = spec.kind === 'main' ? 'main' : `sidecars.${name}`;
		const when = watch.when === 'dev' ? 'under `sidecar run --watch`' : 'always (`--no-watch` turns it off)';
		const how = watch.poll === null ? `debounce ${formatDuration(watch.debounce)}` : `polled every ${formatDuration(watch.poll)}, debounce ${formatDuration(watch.debounce)}`;
		return [`${at} watches ${watch.paths.join(', ')}: a change ${describe(watch.action)}${watch.cascade ? ', then its dependents restart' : ''}; ${when}; ${how}`];
	});
}

function describe(action: ResolvedWatchAction): string {
	switch (action.type) {
		case 'restart': {
			return 'restarts it';
		}

		case 'signal': {
			return `sends ${action.signal} to ${action.to === 'group' ? 'its process group' : 'it'}`;
		}

		case 'exec': {
			const [file, flag, script] = action.command;
			const shown = file === '/bin/sh' && flag === '-c' ? script : action.command.join(' ');
			return `runs \`${shown}\` first (the process is left as it is if that fails), then ${describe(action.then)}`;
		}
	}
}
