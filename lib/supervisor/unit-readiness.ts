import type {ResolvedConfig} from '../config/types.js';
import type {UnitSnapshot} from './snapshot.js';

// Whether the unit (or one process) is ready, and if not every reason why, in words (docs/http.md, Readiness).
export type UnitReadiness = {ready: boolean; reasons: string[]};

// The sidecars whose readiness the unit's depends on: `critical: true` (an instance: its group's).
export const criticalNames = (config: Pick<ResolvedConfig, 'sidecars' | 'groups'>): Set<string> => new Set(config.sidecars
	.filter(spec => spec.critical || (spec.replica !== null && config.groups.some(group => group.name === spec.replica!.group && group.critical)))
	.map(spec => spec.name));

// /readyz and `sidecar wait`: main ready and healthy, every critical sidecar ready (a task: completed), no process and
// no replicated sidecar fatal. Pure: computed from a snapshot.
export function unitReadiness(snapshot: UnitSnapshot, critical: ReadonlySet<string>): UnitReadiness {
	const reasons: string[] = [];
	for (const each of snapshot.processes) {
		const done = each.run === 'once' && each.state === 'completed';
		if (each.state === 'fatal') {
			reasons.push(`${each.name} is fatal`);
		} else if ((each.kind === 'main' || critical.has(each.name)) && !each.ready && !done) {
			reasons.push(`${each.kind === 'main' ? 'main' : `critical sidecar ${each.name}`} is not ready (${each.state})`);
		} else if ((each.kind === 'main' || critical.has(each.name)) && !each.healthy) {
			reasons.push(`${each.kind === 'main' ? 'main' : `critical sidecar ${each.name}`} is unhealthy (liveness failing)`);
		}
	}

	for (const group of snapshot.groups) {
		if (group.state === 'fatal') {
			reasons.push(`replicated sidecar ${group.name} is fatal (${group.ready} of ${group.desired} ready)`);
		}
	}

	return {ready: reasons.length === 0, reasons};
}

// `sidecar wait --for NAME`: one process ready (a task: completed), or every instance of a replicated sidecar; undefined
// when the unit has no such name.
export function processReadiness(snapshot: UnitSnapshot, name: string): UnitReadiness | undefined {
	const group = snapshot.groups.find(each => each.name === name);
	if (group !== undefined) {
		const ready = group.ready >= group.desired;
		return {ready, reasons: ready ? [] : [`replicated sidecar ${name} has ${group.ready} of ${group.desired} instances ready (${group.state})`]};
	}

	const member = snapshot.processes.find(each => each.name === name);
	if (member === undefined) {
		return undefined;
	}

	const ready = member.ready || (member.run === 'once' && member.state === 'completed');
	return {ready, reasons: ready ? [] : [`${name} is not ready (${member.state})`]};
}
