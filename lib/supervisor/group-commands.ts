import {EXIT, SidecarError} from '../errors.js';
import type {UnitMember} from '../process/unit-member.js';
import type {World} from '../process/world.js';
import type {ReplicaGroups} from './replica-groups.js';

// What a command on a replicated sidecar's group needs (docs/control.md, Replicas).
export type GroupCommandHost = {
	groups: ReplicaGroups;
	// Starts members as start-up does, gated on their dependencies and readiness (one alone on its own; instances
	// together as their group: staggered, on minReady of them).
	startMembers: (members: UnitMember[]) => Promise<void>;
	// The unit's kill; a negative pid signals that process group.
	world: Pick<World, 'kill'>;
};

// `sidecar restart NAME` on a group: each running instance in turn, stopped and started and ready before the next, so
// at most one is unready at a time; `parallel`: all at once. Instances held by `sidecar stop` stay held.
export async function restartGroup(name: string, parallel: boolean, {groups, startMembers}: GroupCommandHost): Promise<Array<{name: string; pid: number | null}>> {
	const instances = groups.instances(name).filter(member => member.state !== 'stopped');
	const restartOne = async (member: UnitMember): Promise<void> => {
		await member.stop();
		await startMembers([member]);
	};

	if (parallel) {
		await Promise.all(instances.map(async member => restartOne(member)));
	} else {
		for (const member of instances) {
			await restartOne(member);
		}
	}

	return instances.map(member => ({name: member.name, pid: member.pid}));
}

// `sidecar signal NAME SIG` on a group: every running instance's process group.
export function signalInstances(name: string, signal: NodeJS.Signals, {groups, world}: Pick<GroupCommandHost, 'groups' | 'world'>): {pid: number; pids: number[]} {
	const running = groups.instances(name).map(member => member.pid).filter((pid): pid is number => pid !== null && pid > 0);
	const pids = running.filter(pid => world.kill(-pid, signal) !== false); // One gone since its pid was read is left out.

	if (pids.length === 0) {
		throw new SidecarError(`unable to signal ${name}: none of its instances is running`, EXIT.failure);
	}

	return {pid: pids[0]!, pids};
}

// `sidecar stop NAME` on a group: every instance held, the highest index first.
export async function holdGroup(name: string, {groups}: Pick<GroupCommandHost, 'groups'>): Promise<void> {
	for (const member of groups.instances(name).reverse()) {
		await member.hold();
	}
}

// `sidecar start NAME` on a group: the instances that are down start again, as a group.
export async function startDownInstances(name: string, {groups, startMembers}: GroupCommandHost): Promise<void> {
	const down = groups.instances(name).filter(member => ['exited', 'fatal', 'stopped'].includes(member.state));
	if (down.length === 0) {
		throw new SidecarError(`unable to start ${name}: every instance is up (only instances that are down are started)`, EXIT.unavailable);
	}

	await startMembers(down);
}
