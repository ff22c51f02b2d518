import type {ResolvedConfig, ResolvedGroup} from '../config/types.js';
import type {UnitMember} from '../process/unit-member.js';
import type {GroupLookup} from './dependency-conditions.js';
import {groupHealth, type GroupHealth} from './group-state.js';
import type {Roster} from './roster.js';

// One replicated sidecar as status shows it: the count asked for now (`sidecar scale`) against the config's.
export type GroupView = GroupHealth & {name: string; desired: number; configured: number; instances: string[]};

// The unit's replicated sidecars: their specs from the current config, their instances from the roster, and the count
// each is scaled to (the config's until `sidecar scale`; a reload returns to the config's).
export class ReplicaGroups {
	readonly #desired = new Map<string, number>();

	constructor(private readonly config: () => ResolvedConfig, private readonly roster: Roster) {}

	spec(name: string): ResolvedGroup | undefined {
		return this.config().groups.find(group => group.name === name);
	}

	names(): string[] {
		return this.config().groups.map(group => group.name);
	}

	desired(name: string): number {
		return this.#desired.get(name) ?? this.spec(name)?.count ?? 0;
	}

	setDesired(name: string, count: number): void {
		this.#desired.set(name, count);
	}

	// After a reload: every group runs the config's count again.
	reset(): void {
		this.#desired.clear();
	}

	// The group a process is an instance of.
	groupOf(name: string): string | undefined {
		return this.roster.get(name)?.spec.replica?.group;
	}

	// The group's instances in the roster, by index.
	instances(name: string): UnitMember[] {
		return this.roster.all().filter(member => member.spec.replica?.group === name)
			.sort((a, b) => a.spec.replica!.index - b.spec.replica!.index);
	}

	view(name: string): GroupView {
		const spec = this.spec(name)!;
		const instances = this.instances(name);
		const desired = this.desired(name);
		const health = groupHealth(instances.map(member => member.state), instances[0]?.spec.run ?? 'always', desired, spec.minReady);
		return {name, desired, configured: spec.count, instances: instances.map(member => member.name), ...health};
	}

	// Start-up's and the dependency edges' view of a group (dependency-conditions.ts).
	readonly lookup: GroupLookup = name => {
		const spec = this.spec(name);
		return spec === undefined ? undefined : {members: this.instances(name), needed: Math.min(spec.minReady, this.desired(name)), stagger: spec.stagger};
	};

	views(): GroupView[] {
		return this.names().map(name => this.view(name));
	}
}
