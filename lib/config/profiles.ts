import {ConfigError, UsageError, type Issue} from '../errors.js';
import {NAME_EXPECTED, NAME_PATTERN} from './fields.js';
import type {ResolvedConfig, ResolvedProcess} from './types.js';

// Whether the unit starts this entry itself (docs/config.md, Enabled and profiles): enabled, and with no profiles or one
// of them selected. Any other is declared, checked and exported, and held `stopped` until `sidecar start NAME`.
export const startsWithUnit = (spec: Pick<ResolvedProcess, 'enabled' | 'profiles'>, selected: readonly string[]): boolean =>
	spec.enabled && (spec.profiles.length === 0 || spec.profiles.some(profile => selected.includes(profile)));

// The members the unit starts itself, and those it only declares (held `stopped`).
export function partitionStarted<T extends {spec: Pick<ResolvedProcess, 'enabled' | 'profiles'>}>(members: readonly T[], selected: readonly string[]): [T[], T[]] {
	const starts = members.filter(({spec}) => startsWithUnit(spec, selected));
	return [starts, members.filter(member => !starts.includes(member))];
}

// `profiles: ['dev']` → the names, each a valid name.
export function readProfiles(at: string, value: unknown, issues: Issue[]): string[] {
	if (value === undefined) {
		return [];
	}

	if (!Array.isArray(value) || !value.every(item => typeof item === 'string' && NAME_PATTERN.test(item))) {
		issues.push({path: at, given: value, expected: `an array of profile names (${NAME_EXPECTED})`});
		return [];
	}

	return [...new Set(value as string[])];
}

// `sidecar run --profile NAME` (repeatable) → the config with that selection. A profile no entry names is refused
// (exit 64): a typo would otherwise run the unit without what it was meant to add. An entry the unit starts that
// depends on one it does not is a config error (exit 78), as compose refuses a dependency on a service whose profile is
// not enabled: it could never start.
export function selectProfiles(config: ResolvedConfig, selected: readonly string[]): ResolvedConfig {
	const known = [...new Set(config.sidecars.flatMap(({profiles}) => profiles))];
	const unknown = selected.find(profile => !known.includes(profile));
	if (unknown !== undefined) {
		throw new UsageError(`unable to select profile "${unknown}": no sidecar has it (profiles in the config: ${known.join(', ') || 'none'})`);
	}

	const issues: Issue[] = [];
	const byName = new Map(config.sidecars.map(spec => [spec.name, spec]));
	for (const spec of [config.main, ...config.sidecars.filter(each => startsWithUnit(each, selected))]) {
		for (const {name} of spec.dependsOn) {
			const dependency = byName.get(name) ?? config.sidecars.find(each => each.replica?.group === name);
			if (dependency !== undefined && !startsWithUnit(dependency, selected)) {
				issues.push({path: `${spec.kind === 'main' ? 'main' : `sidecars.${spec.name}`}.dependsOn`, given: name, expected: `a sidecar the unit starts ("${name}" ${notStartedWhy(dependency, selected)})`});
			}
		}
	}

	if (issues.length > 0) {
		throw new ConfigError(issues);
	}

	return {...config, profiles: [...new Set(selected)]};
}

// Why the unit does not start an entry, for messages and `sidecar check`.
export function notStartedWhy(spec: Pick<ResolvedProcess, 'enabled' | 'profiles'>, selected: readonly string[]): string {
	if (!spec.enabled) {
		return 'has enabled: false';
	}

	const which = selected.length === 0 ? 'no profile is selected' : `the profiles selected are ${selected.join(', ')}`;
	return `has profiles ${spec.profiles.join(', ')} and ${which}`;
}
