import {resolveInstance} from '../config/replicas.js';
import type {ResolvedConfig, ResolvedDependency, ResolvedGroup, ResolvedProcess} from '../config/types.js';
import {formatDuration} from '../config/units.js';
import {isUniform} from './replicas.js';

// A process as compose runs it: one service, or (`replicas`) one service compose copies `deploy.replicas` times.
export type ComposeProcess = {spec: ResolvedProcess; replicas?: number};

// The unit's processes as services (docs/export.md, Replicas): a replicated sidecar whose instances differ in nothing
// (no port, no SIDECAR_* variable) is one service named after the group, copied by `deploy.replicas`, even at 0;
// any other is one service per instance. `serviceOf` maps a dependsOn name to the services it stands for.
export function composeProcesses(config: ResolvedConfig): {processes: ComposeProcess[]; serviceOf: (name: string) => string[]; notCarried: string[]} {
	const uniform = new Map(config.groups.filter(group => isUniform(group)).map(group => [group.name, group]));
	const processes: ComposeProcess[] = [{spec: config.main}];
	for (const spec of config.sidecars) {
		const group = spec.replica === null ? undefined : uniform.get(spec.replica.group);
		if (group === undefined) {
			processes.push({spec});
		} else if (spec.replica!.index === 0) {
			processes.push(groupService(group));
		}
	}

	processes.push(...[...uniform.values()].filter(group => group.count === 0).map(group => groupService(group)));
	const serviceOf = (name: string): string[] => {
		const group = config.groups.find(({name: groupName}) => groupName === name);
		const instance = config.sidecars.find(spec => spec.name === name)?.replica;
		if (uniform.has(name) || (instance !== undefined && instance !== null && uniform.has(instance.group))) {
			return [instance?.group ?? name];
		}

		return group === undefined ? [name] : config.sidecars.filter(spec => spec.replica?.group === name).map(spec => spec.name);
	};

	return {processes, serviceOf, notCarried: config.groups.map(group => groupNote(group, uniform.has(group.name)))};
}

// The group's template as one service: SIDECAR_REPLICAS is the count; each replica cannot be told its index.
function groupService(group: ResolvedGroup): ComposeProcess {
	const spec = resolveInstance(group, 0, group.count, []);
	return {spec: {...spec, name: group.name, env: {...spec.env, SIDECAR_REPLICAS: String(group.count)}, replica: null}, replicas: group.count};
}

function groupNote(group: ResolvedGroup, uniform: boolean): string {
	const kept = group.minReady === group.count && group.stagger === 0 ? '' : ` minReady ${group.minReady}${group.stagger === 0 ? '' : ` and stagger ${formatDuration(group.stagger)}`} (compose starts every replica at once and waits for all);`;
	return uniform
		? `${group.name}: deploy.replicas: ${group.count} cannot give each replica its SIDECAR_REPLICA (nor its own SIDECAR_NAME ${group.name}-N);${kept} a dependsOn on one instance waits for the service`
		: `${group.name}: one service per instance (${group.count === 0 ? 'none at replicas: 0' : `${group.name}-0 … ${group.name}-${group.count - 1}`}), the count fixed (no \`sidecar scale\`);${kept} each has its own SIDECAR_REPLICA, SIDECAR_REPLICAS and SIDECAR_PORT`;
}

// A dependsOn list with each name replaced by its services, each service once (the first edge to it wins).
export const mapEdges = (edges: readonly ResolvedDependency[], serviceOf: (name: string) => string[]): ResolvedDependency[] => {
	const mapped = edges.flatMap(edge => serviceOf(edge.name).map(name => ({...edge, name})));
	return mapped.filter((edge, index) => mapped.findIndex(({name}) => name === edge.name) === index);
};
