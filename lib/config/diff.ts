import {isDeepStrictEqual} from 'node:util';
import type {ResolvedConfig} from './types.js';

// What `sidecar reload` changes (docs/control.md, Reload). `needsRestart` lists what changed but only a restart of the
// whole unit applies: main (its pid must stay), the unit's name (its socket), signals, logs, metrics and http.
export type ConfigDiff = {
	added: string[];
	removed: string[];
	changed: string[];
	unchanged: string[];
	mainChanged: boolean;
	needsRestart: string[];
};

const UNIT_FIELDS = ['name', 'main', 'signals', 'logs', 'metrics', 'http'] as const;

// Old vs new config → which sidecars to start, stop and restart; pure, sidecar names in the new config's order.
export function diffConfig(old: ResolvedConfig, next: ResolvedConfig): ConfigDiff {
	const before = new Map(old.sidecars.map(spec => [spec.name, spec]));
	const after = new Set(next.sidecars.map(({name}) => name));
	const diff: ConfigDiff = {added: [], removed: [], changed: [], unchanged: [], mainChanged: false, needsRestart: []};
	for (const spec of next.sidecars) {
		const previous = before.get(spec.name);
		const list = previous === undefined ? diff.added : isDeepStrictEqual(previous, spec) ? diff.unchanged : diff.changed;
		list.push(spec.name);
	}

	diff.removed = old.sidecars.map(({name}) => name).filter(name => !after.has(name));
	diff.needsRestart = UNIT_FIELDS.filter(field => !isDeepStrictEqual(old[field], next[field]));
	diff.mainChanged = diff.needsRestart.includes('main');
	return diff;
}

// The config a reloaded unit runs: the new sidecars, and the unit-wide fields it started with.
export const appliedConfig = (old: ResolvedConfig, next: ResolvedConfig): ResolvedConfig =>
	({...next, name: old.name, main: old.main, signals: old.signals, logs: old.logs, metrics: old.metrics, http: old.http});

// `sidecar reload`'s report, one line per kind of change.
export function describeDiff(diff: ConfigDiff): string[] {
	const lines = (['added', 'changed', 'removed', 'unchanged'] as const)
		.filter(kind => diff[kind].length > 0)
		.map(kind => `${kind}: ${diff[kind].join(', ')}`);
	if (diff.added.length + diff.changed.length + diff.removed.length === 0) {
		lines.unshift('no sidecar changed');
	}

	for (const field of diff.needsRestart) {
		lines.push(`not applied: ${field} changed; restart the unit to apply it (sidecar stop, then sidecar run)`);
	}

	return lines;
}
