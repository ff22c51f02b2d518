// The unit's own state (docs/architecture.md): starting until main is spawned, running until a stop begins (main
// exited, a signal, `sidecar stop`, a failed start-up), stopping until every process is down.
export type UnitState = 'starting' | 'running' | 'stopping' | 'stopped';
export type UnitStateEvent = 'mainStarted' | 'stop' | 'allStopped';

const transitions: Record<UnitState, Partial<Record<UnitStateEvent, UnitState>>> = {
	// Straight to stopped: an add-on refused the start (a twin's control socket) before anything ran.
	starting: {mainStarted: 'running', stop: 'stopping', allStopped: 'stopped'},
	// Straight to stopped only when run() failed with a bug.
	running: {stop: 'stopping', allStopped: 'stopped'},
	stopping: {allStopped: 'stopped'},
	stopped: {},
};

// The next state; an impossible transition is a bug and throws.
export function nextUnitState(state: UnitState, event: UnitStateEvent): UnitState {
	const next = transitions[state][event];
	if (next === undefined) {
		throw new Error(`Bug: "${event}" cannot happen to a unit that is ${state}`);
	}

	return next;
}
