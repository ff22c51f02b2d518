import type {UnitEventsReader} from '../events/unit-events.js';
import type {UnitHandle} from './add-on.js';
import {actOnDependencyRestarts} from './dependency-restarts.js';
import {actOnMainLiveness} from './main-liveness.js';
import type {Schedules} from './schedules.js';

// The triggers a unit's own config asks for, attached by every unit, `sidecar run`'s or one built in code
// (docs/architecture.md, A trigger): main's liveness action, each dependsOn edge's onRestart and, given `schedules`,
// each process's schedule (docs/schedules.md). Until `signal` aborts.
export function attachConfigTriggers(unit: Pick<UnitHandle, 'name' | 'state' | 'clock' | 'config' | 'dispatch' | 'process' | 'events'>, events: UnitEventsReader, signal: AbortSignal, schedules?: Schedules): void {
	actOnMainLiveness(unit.config.main, unit, events, signal);
	actOnDependencyRestarts(unit, events, signal);
	schedules?.attach(unit, signal);
}
