import type {DependencyCondition, ResolvedDependency, ResolvedProcess} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';
import type {ExitInfo} from '../process/spawn.js';
import {isReadyState, type ProcessState} from '../process/states.js';
import type {ProcessView, UnitMember} from '../process/unit-member.js';
import {atLeast} from './at-least.js';

// Whether a process in `state` meets an edge's condition (docs/lifecycle.md, Dependencies): 'started' once spawned
// (a gate: waiting), and while it runs or backs off to run again, not while it is held down (`sidecar stop NAME`);
// 'completed' once a task is down for good, whatever its code; 'succeeded' once it completed with a success code.
export function meetsCondition(condition: DependencyCondition, state: ProcessState, run: ResolvedProcess['run']): boolean {
	switch (condition) {
		case 'started': {
			return !['pending', 'exited', 'fatal', 'stopped'].includes(state);
		}

		case 'ready': {
			return isReadyState(state, run);
		}

		case 'completed': {
			return state === 'completed' || state === 'exited' || state === 'fatal';
		}

		case 'succeeded': {
			return state === 'completed';
		}
	}
}

// Why the condition can no longer be met, or null while it still may: the dependency is down for good (exited and
// not restarted, or fatal) without meeting it. A 'completed' edge is met by any end.
export function unmetReason({name, state, spec, lastExit}: ProcessView, condition: DependencyCondition): string | null {
	if (condition === 'completed' || (state !== 'exited' && state !== 'fatal')) {
		return null;
	}

	const how = exitPhrase(lastExit);
	if (state === 'fatal') {
		return `${name} went fatal (last ${how})`;
	}

	return spec.run === 'once' ? `${name} failed with ${how}` : `${name} exited (${how})`;
}

const exitPhrase = (exit: ExitInfo | null): string =>
	exit === null ? 'stopped' : exit.error ?? (exit.signal === null ? `exit code ${exit.code}` : `signal ${exit.signal}`);

// Resolves once every edge of `member` is met; rejects with exit 69 naming the first edge that can no longer be
// (`unable to start main: main → migrate (succeeded): migrate failed with exit code 3`), with its stderr tail. An edge
// naming a replicated sidecar is met once minReady of its instances meet it (docs/config.md, Replicas).
export async function untilDependencies(member: Pick<UnitMember, 'name' | 'spec'>, lookup: (name: string) => UnitMember | undefined, groups: GroupLookup = () => undefined): Promise<void> {
	await Promise.all(member.spec.dependsOn.map(async edge => {
		const group = lookup(edge.name) === undefined ? groups(edge.name) : undefined;
		if (group !== undefined) {
			await untilInstances(member.name, edge, group.members, group.needed);
			return;
		}

		const dependency = lookup(edge.name);
		if (dependency === undefined) {
			return; // Removed by a reload meanwhile: nothing left to wait for.
		}

		await untilEdge(member.name, edge, dependency);
	}));
}

async function untilEdge(dependent: string, edge: ResolvedDependency, dependency: UnitMember): Promise<void> {
	await dependency.untilState(
		() => meetsCondition(edge.condition, dependency.state, dependency.spec.run),
		() => {
			const reason = unmetReason(dependency, edge.condition);
			return reason === null ? null : edgeError(dependent, edge, reason, dependency);
		},
	);
}

// `needed` of the instances meet the edge; it fails once too many cannot.
async function untilInstances(dependent: string, edge: ResolvedDependency, instances: readonly UnitMember[], needed: number): Promise<void> {
	await atLeast(instances.map(async instance => untilEdge(dependent, edge, instance)), needed);
}

// A replicated sidecar as the dependencies and start-up see it: its instances now, how many must be ready (minReady,
// at most its count; docs/config.md, Replicas) and the time between their starts.
export type GroupLookup = (name: string) => {members: UnitMember[]; needed: number; stagger: number} | undefined;

function edgeError(dependent: string, {name, condition}: ResolvedDependency, reason: string, dependency: ProcessView): SidecarError {
	const tail = dependency.lastExitStderr;
	const context = tail.length === 0 ? '' : `\n${name}'s last stderr lines:\n${tail.map(line => `  ${line}`).join('\n')}`;
	return new SidecarError(`unable to start ${dependent}: ${dependent} → ${name} (${condition}): ${reason}${context}`, EXIT.unavailable);
}
