import {DEFAULTS} from '../config/defaults.js';
import {formatDuration} from '../config/units.js';
import {EXIT, SidecarError} from '../errors.js';
import type {UnitMember} from '../process/unit-member.js';
import {childScope} from '../abort-scope.js';
import {untilDependencies, type GroupLookup} from './dependency-conditions.js';
import {atLeast} from './at-least.js';
import type {Sleep} from '../suspend-clock.js';

// Starts `group` as its dependencies allow: each process starts as soon as every edge of its dependsOn is met (its
// condition: started, ready, completed or succeeded; dependency-conditions.ts), those with none at once, together;
// resolves when all are ready (a task: ended). The first that is not ready in its readiness timeout (or goes fatal), or
// whose edge can no longer be met, rejects with exit 69, and `scope` stops the rest starting. A task's own failure
// rejects only where `taskMustSucceed` says so: elsewhere the edges that name it decide (a 'completed' edge is met by
// a failure). `sleep` keeps the timeouts: the unit's clock, so time spent suspended does not count (suspend-clock.ts).
export async function startGroup(
	group: readonly UnitMember[],
	lookup: (name: string) => UnitMember | undefined,
	start: (member: UnitMember) => void,
	scope: AbortSignal,
	sleep: Sleep,
	taskMustSucceed: (member: UnitMember) => boolean = () => true,
	groups: GroupLookup = () => undefined,
): Promise<void> {
	const startOne = async (member: UnitMember, delay = 0): Promise<void> => {
		await untilDependencies(member, lookup, groups);
		if (delay > 0) {
			await sleep(delay, scope);
		}

		if (scope.aborted) {
			return;
		}

		start(member);
		await readyWithin(member, scope, sleep, taskMustSucceed(member));
	};

	const [single, byGroup] = splitInstances(group, groups);
	await Promise.all([
		...single.map(async member => startOne(member)),
		...[...byGroup].map(async ([name, instances]) => {
			const {needed, stagger} = groups(name)!;
			// Instances that are ready already (a scale up) count towards the group's minReady.
			const readyBefore = groups(name)!.members.filter(member => !instances.includes(member) && member.ready).length;
			await atLeast(instances.map(async (member, position) => startOne(member, position * stagger)), Math.max(0, needed - readyBefore));
		}),
	]);
}

// Members started with others of their group start as the group (staggered, minReady of them ready is enough); an
// instance started alone (`sidecar start worker-2`) is gated on its own readiness.
function splitInstances(members: readonly UnitMember[], groups: GroupLookup): [UnitMember[], Map<string, UnitMember[]>] {
	const byGroup = new Map<string, UnitMember[]>();
	for (const member of members) {
		const name = member.spec.replica?.group;
		if (name !== undefined && groups(name) !== undefined) {
			byGroup.set(name, [...byGroup.get(name) ?? [], member]);
		}
	}

	for (const [name, instances] of byGroup) {
		if (instances.length < 2) {
			byGroup.delete(name);
		}
	}

	const grouped = new Set([...byGroup.values()].flat());
	return [members.filter(member => !grouped.has(member)), byGroup];
}

async function readyWithin(member: UnitMember, scope: AbortSignal, sleep: Sleep, mustSucceed: boolean): Promise<void> {
	if (member.spec.run === 'once') {
		// A task has no readiness timeout: it may run as long as it needs (its own `timeout` bounds each run).
		await member.untilReady().catch((error: unknown) => {
			if (mustSucceed) {
				throw startError(member, error);
			}
		});
		return;
	}

	const timeout = member.spec.readiness?.timeout ?? DEFAULTS.readiness.timeout;
	const timer = childScope(scope);
	const probe = member.spec.readiness?.probe;
	const expired = sleep(timeout, timer.signal).then(async slept => {
		if (!slept) {
			return new Promise(() => {}); // Stopped for another reason: the other side of the race decides.
		}

		const why = member.probeFailure ?? 'its first attempt had not finished';
		throw new Error(`not ready after ${formatDuration(timeout)}${probe ? ` (${probe.kind} probe: ${why})` : ''}`);
	});
	try {
		// A crash meanwhile is restarted by its policy while this timeout runs; going fatal ends the wait (docs/restarts.md).
		await Promise.race([member.untilReady(), expired]);
	} catch (error) {
		throw startError(member, error);
	} finally {
		timer.abort();
	}
}

// Exit 69 with the reason and the crash context: the last stderr lines of the process's last exit.
function startError(member: UnitMember, error: unknown): SidecarError {
	const tail = member.lastExitStderr.length > 0 ? member.lastExitStderr : member.stderrTail;
	const context = tail.length === 0 ? '' : `\n${member.name}'s last stderr lines:\n${tail.map(line => `  ${line}`).join('\n')}`;
	return new SidecarError(`unable to start ${member.name}: ${(error as Error).message}${context}`, EXIT.unavailable, {cause: error});
}
