import type {ConfigDiff} from '../config/diff.js';
import {partitionStarted} from '../config/profiles.js';
import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import type {UnitMember} from '../process/unit-member.js';
import type {Sleep} from '../suspend-clock.js';
import type {GroupLookup} from './dependency-conditions.js';
import type {Roster} from './roster.js';
import {startGroup} from './startup.js';

// What applying a reload needs from the unit: its roster, and how to make, prepare and start a process.
export type ReloadHost = {
	roster: Roster;
	create: (spec: ResolvedProcess) => UnitMember;
	start: (member: UnitMember) => void;
	// Readies what added and changed processes need before they start (their cgroups).
	prepare: (specs: ResolvedProcess[]) => Promise<void>;
	scope: AbortSignal;
	// The unit's clock, for the readiness timeouts of what starts.
	sleep: Sleep;
	groups: GroupLookup;
};

// Removed and changed sidecars stop (reverse start order, as at shutdown); changed ones are replaced by a process
// with the new spec; added and changed ones then start by dependsOn and readiness. Main and the rest are not touched.
export async function applyReload({roster, create, start, prepare, scope, sleep, groups}: ReloadHost, diff: ConfigDiff, next: ResolvedConfig): Promise<void> {
	const leaving = new Set([...diff.removed, ...diff.changed]);
	const started = [...roster.started()].reverse().filter(member => leaving.has(member.name));
	const neverStarted = [...leaving].map(name => roster.get(name)!).filter(member => !started.includes(member));
	for (const member of [...started, ...neverStarted]) {
		await member.stop();
	}

	roster.remove(leaving);
	const entering = new Set([...diff.added, ...diff.changed]);
	await prepare(next.sidecars.filter(spec => entering.has(spec.name)));
	roster.setSidecars(next.sidecars.map(spec => entering.has(spec.name) ? create(spec) : roster.get(spec.name)!));
	// A shutdown task added or changed runs at the unit's stop, not now; one the unit does not start is held `stopped`.
	const [starting, held] = partitionStarted(roster.sidecars().filter(member => entering.has(member.name)), next.profiles);
	await Promise.all(held.map(async member => member.hold()));
	// A scheduled task waits for its schedule's next firing (docs/schedules.md): a reload never runs it.
	const scheduled = starting.filter(({spec}) => spec.run === 'once' && spec.schedule !== null);
	for (const member of scheduled) {
		member.schedule();
	}

	const now = starting.filter(member => member.spec.start !== 'shutdown' && !scheduled.includes(member));
	await startGroup(now, name => roster.get(name), start, scope, sleep, undefined, groups);
}
