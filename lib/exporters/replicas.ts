import {instanceEnv, referencedVariables} from '../config/replicas.js';
import type {ResolvedConfig, ResolvedGroup, ResolvedProcess} from '../config/types.js';
import {formatDuration} from '../config/units.js';

// The variables `sidecar run` gives an instance at spawn (docs/config.md, Replicas), for an export to set itself;
// none for a process that is no instance. SIDECAR_REPLICAS is the config's count: an export has no `sidecar scale`.
export function replicaEnv(spec: ResolvedProcess, config: ResolvedConfig): Record<string, string> {
	const group = spec.replica === null ? undefined : config.groups.find(({name}) => name === spec.replica!.group);
	if (group === undefined) {
		return {};
	}

	return instanceEnv(spec.replica!, group.count);
}

// Instances that differ in nothing but their name: no port, and no SIDECAR_* variable anywhere in the entry.
export const isUniform = (group: ResolvedGroup): boolean => group.port === null && referencedVariables(group.template.spec).size === 0;

// `worker: 3 instances, ports from 9000 by 2, minReady 2, stagger 1s`: a group in a comment or an annotation.
export function describeGroup(group: ResolvedGroup): string {
	const port = group.port === null ? '' : `, ports from ${group.port.base}${group.port.step === 1 ? '' : ` by ${group.port.step}`}`;
	const stagger = group.stagger === 0 ? '' : `, stagger ${formatDuration(group.stagger)}`;
	return `${group.name}: ${group.count} instance${group.count === 1 ? '' : 's'}${port}, minReady ${group.minReady}${stagger}`;
}

// The names a dependsOn entry stands for in an export that writes each instance: a group's instances, else itself.
// A group of no instances stands for none.
export const edgeTargets = (name: string, config: ResolvedConfig): string[] =>
	config.groups.some(group => group.name === name) ? config.sidecars.filter(spec => spec.replica?.group === name).map(spec => spec.name) : [name];
