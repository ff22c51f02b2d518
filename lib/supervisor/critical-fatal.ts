import {EXIT} from '../errors.js';
import type {UnitEventsReader} from '../events/unit-events.js';
import type {UnitHandle} from './add-on.js';

// A trigger (docs/architecture.md, A trigger): a critical sidecar that goes fatal while the unit runs ends the unit with
// 70 (docs/restarts.md); during start-up a fatal sidecar fails the start-up instead (exit 69). An instance of a
// replicated sidecar is judged with its group (group-health.ts), a scheduled process by its schedule's failureThreshold
// (schedule-trigger.ts). One subscription for the unit, whatever its size. Until `signal` aborts.
export function stopOnCriticalFatal(unit: Pick<UnitHandle, 'state' | 'process' | 'dispatch'>, events: UnitEventsReader, signal: AbortSignal): void {
	events.on('state', ({name, to}) => {
		const spec = unit.process(name)?.spec;
		if (to === 'fatal' && spec?.critical === true && spec.replica === null && spec.schedule === null && unit.state === 'running') {
			// Refused once a stop has begun: the unit is ending anyway.
			unit.dispatch({type: 'stop-unit', reason: `critical sidecar ${name} is fatal`, exitCode: EXIT.software}).catch(() => {});
		}
	}, signal);
}
