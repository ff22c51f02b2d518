import type {ResolvedDependency} from '../config/types.js';
import {describeEdge} from './dependency-edges.js';

// What the mapping needs to know of the services depended on.
// `optional`: entries not started by default (enabled: false, profiles), which are `required: false`: compose then
// starts the dependent without them, as the unit does, and waits for them when their profile is active.
export type ComposeTargets = {tasks: ReadonlySet<string>; healthy: ReadonlySet<string>; optional: ReadonlySet<string>};

type DependsOnEntry = {condition: string; restart?: true; required?: false};

// One service's edges as compose's depends_on (the long form), and a line for each part compose cannot carry: a
// 'completed' edge (compose waits for a successful exit only) and an onRestart signal (compose can only restart a
// dependent, `restart: true`, and only when compose itself restarts the dependency, not after a crash:
// docker/compose#10263).
export function composeDependsOn(dependent: string, edges: readonly ResolvedDependency[], targets: ComposeTargets): {entry: Record<string, DependsOnEntry> | undefined; notCarried: string[]} {
	const notCarried: string[] = [];
	const entry = Object.fromEntries(edges.map(edge => {
		if (edge.condition === 'completed') {
			notCarried.push(`${describeEdge({...edge, dependent})}: compose waits for a successful exit only`);
		}

		if (edge.onRestart === 'restart') {
			notCarried.push(`${describeEdge({...edge, dependent})}: restart: true acts when compose restarts ${edge.name}, not after a crash`);
		} else if (edge.onRestart !== 'none') {
			notCarried.push(`${describeEdge({...edge, dependent})}: compose cannot signal a dependent`);
		}

		return [edge.name, {
			condition: composeCondition(edge, targets),
			...(edge.onRestart === 'restart' ? {restart: true as const} : {}),
			...(targets.optional.has(edge.name) ? {required: false as const} : {}),
		}];
	}));
	return {entry: edges.length > 0 ? entry : undefined, notCarried};
}

// 'ready' is healthy where the readiness probe has a healthcheck form (started where not), completed for a task.
function composeCondition({name, condition}: ResolvedDependency, {tasks, healthy}: ComposeTargets): string {
	if (condition === 'started') {
		return 'service_started';
	}

	if (condition !== 'ready' || tasks.has(name)) {
		return 'service_completed_successfully';
	}

	return healthy.has(name) ? 'service_healthy' : 'service_started';
}
