import type {DependencyCondition, ResolvedDependency, ResolvedProcess} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';
import type {ExitInfo} from '../process/spawn.js';
import {isReadyState, type ProcessState} from '../process/states.js';
import type {ProcessView, UnitMember} from '../process/unit-member.js';

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
// (`unable to start main: main → migrate (succeeded): migrate failed with exit code 3`), with its stderr tail.
export async function untilDependencies(member: Pick<UnitMember, 'name' | 'spec'>, lookup: (name: string) => UnitMember | undefined): Promise<void> {
	await Promise.all(member.spec.dependsOn.map(async edge => {
		const dependency = lookup(edge.name);
		if (dependency === undefined) {
			return; // Removed by a reload meanwhile: nothing left to wait for.
		}

		await dependency.untilState(
			() => meetsCondition(edge.condition, dependency.state, dependency.spec.run),
			() => {
				const reason = unmetReason(dependency, edge.condition);
				return reason === null ? null : edgeError(member.name, edge, reason, dependency);
			},
		);
	}));
}

function edgeError(dependent: string, {name, condition}: ResolvedDependency, reason: string, dependency: ProcessView): SidecarError {
	const tail = dependency.lastExitStderr;
	const context = tail.length === 0 ? '' : `\n${name}'s last stderr lines:\n${tail.map(line => `  ${line}`).join('\n')}`;
	return new SidecarError(`unable to start ${dependent}: ${dependent} → ${name} (${condition}): ${reason}${context}`, EXIT.unavailable);
}
