import type {Issue} from '../errors.js';
import {isObject, readDuration, readNumber, readObject} from './fields.js';
import {resolveProcess, type UnitEnv} from './resolve-process.js';
import type {ResolvedGroup, ResolvedProcess, ResolvedReplica} from './types.js';

// The variables an instance's strings may use (docs/config.md, Replicas). Data configs leave them to this file
// (config/interpolate.ts), so `${SIDECAR_PORT}` in a YAML config is the instance's, not the environment's.
export const REPLICA_VARIABLES: readonly string[] = ['SIDECAR_REPLICA', 'SIDECAR_REPLICAS', 'SIDECAR_PORT'];
const REFERENCE = /\$(\$?)\{(SIDECAR_REPLICAS?|SIDECAR_PORT)\}/g;
// The highest TCP port; an instance's SIDECAR_PORT past it is refused (here, and by `sidecar scale`).
export const MAX_PORT = 65_535;

export const instanceName = (group: string, index: number): string => `${group}-${index}`;

// `replicas: N | {count, port?, minReady?, stagger?}` → the group, or null when the entry has none.
export function readReplicas(at: string, name: string, spec: Record<string, unknown>, directory: string, unitEnv: UnitEnv, issues: Issue[]): ResolvedGroup | null {
	const value = spec.replicas;
	if (value === undefined) {
		return null;
	}

	const {replicas: _replicas, ...template} = spec;
	const group: ResolvedGroup = {name, count: 1, port: null, minReady: 1, stagger: 0, critical: spec.critical === true, template: {spec: template, directory, unitEnv}};
	if (typeof value === 'number') {
		group.count = readNumber(`${at}.replicas`, value, 1, {min: 0, integer: true}, issues);
		group.minReady = group.count;
	} else if (isObject(value)) {
		const given = readObject(`${at}.replicas`, value, ['count', 'port', 'minReady', 'stagger'], issues);
		if (given.count === undefined) {
			issues.push({path: `${at}.replicas.count`, given: undefined, expected: 'the number of instances, an integer >= 0'});
		}

		group.count = readNumber(`${at}.replicas.count`, given.count, 1, {min: 0, integer: true}, issues);
		group.port = readPort(`${at}.replicas.port`, given.port, group.count, issues);
		group.minReady = readNumber(`${at}.replicas.minReady`, given.minReady, group.count, {min: 0, integer: true}, issues);
		if (group.minReady > group.count) {
			issues.push({path: `${at}.replicas.minReady`, given: group.minReady, expected: `at most count (${group.count})`});
		}

		group.stagger = readDuration(`${at}.replicas.stagger`, given.stagger, 0, issues);
	} else {
		issues.push({path: `${at}.replicas`, given: value, expected: 'a count (an integer >= 0), or {count, port?, minReady?, stagger?}'});
	}

	if (group.port === null && usesPort(template)) {
		issues.push({path: `${at}.replicas.port`, given: undefined, expected: 'a port (or {base, step}): the entry uses ${SIDECAR_PORT}'});
	}

	if (spec.run === undefined && spec.command === undefined && spec.readiness !== undefined) {
		issues.push({path: `${at}.replicas`, given: value, expected: 'no replicas on a gate (it runs nothing to copy)'});
	}

	return group;
}

function readPort(at: string, value: unknown, count: number, issues: Issue[]): ResolvedGroup['port'] {
	if (value === undefined) {
		return null;
	}

	const given = isObject(value) ? readObject(at, value, ['base', 'step'], issues) : {base: value};
	const base = readNumber(isObject(value) ? `${at}.base` : at, given.base, 0, {min: 1, integer: true}, issues);
	const step = readNumber(`${at}.step`, given.step, 1, {min: 1, integer: true}, issues);
	const last = base + (Math.max(count, 1) - 1) * step;
	if (base !== 0 && last > MAX_PORT) {
		issues.push({path: at, given: value, expected: `ports up to ${MAX_PORT} (instance ${count - 1} would get ${last})`});
	}

	return base === 0 ? null : {base, step};
}

// Instance `index` of the group, with `count` instances: its strings substituted, resolved as a sidecar of that name.
// Issues are reported at the group's path (`sidecars.worker`), once whatever the count (resolve.ts folds repeats).
export function resolveInstance(group: ResolvedGroup, index: number, count: number, issues: Issue[]): ResolvedProcess {
	const port = group.port === null ? null : group.port.base + (index * group.port.step);
	const values: Record<string, string> = {SIDECAR_REPLICA: String(index), SIDECAR_REPLICAS: String(count), SIDECAR_PORT: port === null ? '' : String(port)};
	const spec = substitute(group.template.spec, values);
	const name = instanceName(group.name, index);
	const resolved = resolveProcess(`sidecars.${group.name}`, name, 'sidecar', spec, group.template.directory, issues, group.template.unitEnv);
	return {...resolved, replica: {group: group.name, index, port}};
}

// An entry that is not replicated: `$${SIDECAR_PORT}` is a literal `${SIDECAR_PORT}` there too, as in an instance
// (config/interpolate.ts leaves these escapes to this file); a bare `${SIDECAR_PORT}` has no value to take and stays.
export const unescapeReplicaReferences = (spec: unknown): unknown => substitute(spec, null);

// The variables an entry refers to anywhere, not counting a literal `$${SIDECAR_PORT}`: an entry with none makes
// instances that differ in nothing but their name (the compose export needs one service for them all).
export const referencedVariables = (value: unknown): Set<string> => {
	const found = new Set<string>();
	substitute(value, null, name => found.add(name));
	return found;
};

const usesPort = (value: unknown): boolean => referencedVariables(value).has('SIDECAR_PORT');

// Every string of `value` with the instance's references replaced (`values` null: left as they are, and `seen` told
// of each); `$${…}` becomes a literal `${…}`.
function substitute(value: unknown, values: Record<string, string> | null, seen?: (name: string) => void): unknown {
	if (typeof value === 'string') {
		return value.replaceAll(REFERENCE, (whole, escaped: string, name: string) => {
			if (escaped === '$') {
				return whole.slice(1);
			}

			seen?.(name);
			return values === null ? whole : values[name]!;
		});
	}

	if (Array.isArray(value)) {
		return value.map(item => substitute(item, values, seen));
	}

	return isObject(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, values, seen)])) : value;
}

// What an instance's child is told of its place (docs/config.md, Replicas): SIDECAR_REPLICAS is the group's count at
// its spawn, so a scale reaches the instances that start after it.
export const instanceEnv = ({index, port}: ResolvedReplica, count: number): Record<string, string> => ({
	SIDECAR_REPLICA: String(index),
	SIDECAR_REPLICAS: String(count),
	...(port === null ? {} : {SIDECAR_PORT: String(port)}),
});
