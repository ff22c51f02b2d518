import type {UnitEventsReader} from '../events/unit-events.js';
import type {UnitHandle} from './add-on.js';
import {stopOnCriticalFatal} from './critical-fatal.js';
import {actOnDependencyRestarts} from './dependency-restarts.js';
import {actOnMainLiveness} from './main-liveness.js';
import {watchGroupHealth} from './group-health.js';
import type {ReplicaGroups} from './replica-groups.js';
import type {Schedules} from './schedules.js';
import type {Watches} from './watches.js';

// The triggers a unit's own config asks for, attached by every unit, `sidecar run`'s or one built in code
// (docs/architecture.md, A trigger): main's liveness action, each dependsOn edge's onRestart, a critical sidecar's
// fatal end and, given them, the replicated sidecars' health (group-health.ts) and each process's schedule
// (docs/schedules.md) and watch (docs/watch.md). Until `signal` aborts.
export function attachConfigTriggers(
	unit: Pick<UnitHandle, 'name' | 'state' | 'clock' | 'config' | 'dispatch' | 'process' | 'events'>,
	events: UnitEventsReader,
	signal: AbortSignal,
	{schedules, groups, watches}: {schedules?: Schedules; groups?: ReplicaGroups; watches?: Watches} = {},
): void {
	actOnMainLiveness(unit.config.main, unit, events, signal);
	actOnDependencyRestarts(unit, events, signal);
	stopOnCriticalFatal(unit, events, signal);
	if (groups !== undefined) {
		watchGroupHealth(unit, groups, events, signal);
	}

	schedules?.attach(unit, signal);
	watches?.attach(unit, signal);
}
