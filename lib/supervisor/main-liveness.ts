import {EXIT} from '../errors.js';
import type {UnitEvents} from '../events/unit-events.js';
import type {ResolvedProcess} from '../config/types.js';
import type {StoppedFor} from '../process/restart-policy.js';

// What main's failing liveness may ask of the unit.
export type MainLivenessUnit = {
	restartProcess: (name: string, cause?: StoppedFor) => Promise<void>;
	requestStop: (request: {reason: string; exitCode?: number}) => void;
};

// `main.liveness.action` (docs/restarts.md): 'report' only publishes (liveness.ts does), 'restart' restarts main as
// `sidecar restart --main` does, 'exit' stops the unit with exit code 70. Until `signal` aborts.
export function actOnMainLiveness(main: ResolvedProcess, unit: MainLivenessUnit, events: UnitEvents, signal: AbortSignal): void {
	const action = main.liveness?.action ?? 'report';
	if (action === 'report') {
		return;
	}

	events.subscribe(event => {
		if (event.event !== 'unhealthy' || event.name !== main.name) {
			return;
		}

		if (action === 'restart') {
			// A failure, not a requested stop: main's exit says `cause liveness failed` (docs/restarts.md, Exit codes).
			unit.restartProcess(main.name, 'liveness failed').catch(() => {}); // The unit is stopping meanwhile: nothing to restart.
		} else {
			unit.requestStop({reason: `main is unhealthy (${event.reason})`, exitCode: EXIT.software});
		}
	}, signal);
}
