import {EXIT} from '../errors.js';
import type {UnitEventsReader} from '../events/unit-events.js';
import type {ResolvedProcess} from '../config/types.js';
import type {UnitHandle} from './add-on.js';

// What main's failing liveness may ask of the unit.
export type MainLivenessUnit = Pick<UnitHandle, 'dispatch'>;

// `main.liveness.action` (docs/restarts.md): 'report' only publishes (liveness.ts does), 'restart' restarts main as
// `sidecar restart --main` does, 'exit' stops the unit with exit code 70. Until `signal` aborts.
export function actOnMainLiveness(main: ResolvedProcess, unit: MainLivenessUnit, events: UnitEventsReader, signal: AbortSignal): void {
	const action = main.liveness?.action ?? 'report';
	if (action === 'report') {
		return;
	}

	events.on('unhealthy', event => {
		if (event.name !== main.name) {
			return;
		}

		if (action === 'restart') {
			// A failure, not a requested stop: main's exit says `cause liveness failed` (docs/restarts.md, Exit codes).
			// Refused while the unit is stopping: nothing to restart.
			unit.dispatch({type: 'restart', name: main.name, cause: 'liveness failed'}).catch(() => {});
		} else {
			unit.dispatch({type: 'stop-unit', reason: `main is unhealthy (${event.reason})`, exitCode: EXIT.software}).catch(() => {});
		}
	}, signal);
}
