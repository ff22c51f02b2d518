import type {UnitEventsReader} from '../events/unit-events.js';
import type {UnitHandle} from './add-on.js';
import {actOnDependencyRestarts} from './dependency-restarts.js';
import {actOnMainLiveness} from './main-liveness.js';

// The triggers a unit's own config asks for, attached by every unit, `sidecar run`'s or one built in code
// (docs/architecture.md, A trigger): main's liveness action and each dependsOn edge's onRestart. Until `signal` aborts.
export function attachConfigTriggers(unit: Pick<UnitHandle, 'config' | 'dispatch' | 'process'>, events: UnitEventsReader, signal: AbortSignal): void {
	actOnMainLiveness(unit.config.main, unit, events, signal);
	actOnDependencyRestarts(unit, events, signal);
}
