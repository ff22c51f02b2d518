import {checkReplicaCollisions} from '../config/replica-collisions.js';
import {MAX_PORT, resolveInstance} from '../config/replicas.js';
import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import {EXIT, SidecarError, type Issue} from '../errors.js';
import type {UnitEvents} from '../events/unit-events.js';
import type {UnitMember} from '../process/unit-member.js';
import type {World} from '../process/world.js';
import type {GroupLookup} from './dependency-conditions.js';
import {drainSidecar} from './drain.js';
import type {ReplicaGroups} from './replica-groups.js';
import type {Roster} from './roster.js';

// What a scale needs from the unit: its roster and groups, how to make, prepare and start instances, and the clock
// their drains wait on.
export type ScaleHost = {
	roster: Roster;
	groups: ReplicaGroups;
	config: () => ResolvedConfig;
	events: UnitEvents;
	create: (spec: ResolvedProcess) => UnitMember;
	// Readies what the new instances need before they start (their cgroups).
	prepare: (specs: ResolvedProcess[]) => Promise<void>;
	// Starts members as start-up does (supervisor/startup.ts), the groups as `groups` says.
	startMembers: (members: UnitMember[], groups?: GroupLookup) => Promise<void>;
	world: Pick<World, 'now' | 'sleep'>;
};

// `sidecar scale NAME N` (docs/control.md, Replicas): the survivors keep running untouched; a scale-down stops the
// highest indices first, one at a time; a scale-up adds NAME-i for the missing indices, refused when a new instance
// would collide with a name or port in the unit. Resolves with the names started and stopped.
export async function scaleGroup(host: ScaleHost, name: string, count: number): Promise<{started: string[]; stopped: string[]}> {
	const {roster, groups, events} = host;
	const group = groups.spec(name)!;
	const current = groups.instances(name);
	const from = groups.desired(name);
	const leaving = current.filter(member => member.spec.replica!.index >= count).reverse();
	const specs = newInstances(host, count);
	groups.setDesired(name, count);
	events.publish({event: 'scale', name, from, to: count, configured: group.count});
	for (const member of leaving) {
		await drainSidecar(member, events, host.world); // Then its preStop and stopSignal, as at shutdown.
		await member.stop();
		roster.remove(new Set([member.name]));
	}

	await host.prepare(specs);
	const members = specs.map(spec => host.create(spec));
	const last = current.filter(member => !leaving.includes(member)).at(-1);
	roster.insertAfter(last?.name ?? null, members);
	// Returns once every new instance is ready (or cannot be: exit 69), not minReady of the group.
	await host.startMembers(members, other => other === name ? {...groups.lookup(name)!, members, needed: members.length} : groups.lookup(other));
	return {started: members.map(member => member.name), stopped: leaving.map(member => member.name)};

	function newInstances({config}: ScaleHost, wanted: number): ResolvedProcess[] {
		const issues: Issue[] = [];
		const specs = Array.from({length: Math.max(0, wanted - current.length)}, (_, offset) => resolveInstance(group, current.length + offset, wanted, issues));
		const lastPort = group.port === null ? 0 : group.port.base + ((wanted - 1) * group.port.step);
		if (lastPort > MAX_PORT) {
			issues.push({path: `sidecars.${name}.replicas.port`, given: lastPort, expected: `ports up to ${MAX_PORT}`});
		}

		const others = roster.sidecars().map(member => member.spec);
		checkReplicaCollisions(roster.main.spec, [...others, ...specs], config().groups, config().metrics?.port ?? null, issues);
		if (issues.length > 0) {
			const why = issues.map(issue => `${issue.path}: got ${JSON.stringify(issue.given)}, expected ${issue.expected}`).join('; ');
			throw new SidecarError(`unable to scale ${name} to ${wanted}: ${why}`, EXIT.usage);
		}

		return specs;
	}
}
