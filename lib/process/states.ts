// What `sidecar status` prints, as s6-supervise keeps it: a union and a state × event table. An exit is decided
// before it is applied (restart policy, docs/restarts.md), so it arrives as the event that says what follows it.
// `not-ready`: its readiness probe failed failureThreshold times in a row after passing (docs/lifecycle.md, Probes).
export type ProcessState = 'pending' | 'starting' | 'ready' | 'not-ready' | 'running' | 'backoff' | 'stopping' | 'exited' | 'fatal';
export type ProcessEvent =
	| 'spawned' | 'probePassed' | 'probeFailed' | 'aliveLongEnough' | 'stop'
	// The child exited and stays down; exited and is restarted after a backoff; exited and spent its restart budget.
	| 'exited' | 'crashed' | 'gaveUp';

const afterExit = {exited: 'exited', crashed: 'backoff', gaveUp: 'fatal'} as const;

const transitions: Record<ProcessState, Partial<Record<ProcessEvent, ProcessState>>> = {
	pending: {spawned: 'starting', stop: 'exited'},
	starting: {probePassed: 'ready', aliveLongEnough: 'running', stop: 'stopping', ...afterExit},
	ready: {probeFailed: 'not-ready', stop: 'stopping', ...afterExit},
	'not-ready': {probePassed: 'ready', stop: 'stopping', ...afterExit},
	running: {stop: 'stopping', ...afterExit},
	stopping: afterExit,
	backoff: {spawned: 'starting', stop: 'exited'},
	exited: {spawned: 'starting'},
	fatal: {spawned: 'starting'},
};

// The next state; an impossible transition is a bug and throws.
export function nextState(state: ProcessState, event: ProcessEvent): ProcessState {
	const next = transitions[state][event];
	if (next === undefined) {
		throw new Error(`Bug: "${event}" cannot happen in state "${state}"`);
	}

	return next;
}

// Ready for start-up gating: a probe passed, or (no probe) alive long enough.
export const isReadyState = (state: ProcessState): boolean => state === 'ready' || state === 'running';

// A child of this process may be running (or about to be spawned by a backoff).
export const isActiveState = (state: ProcessState): boolean => !['pending', 'exited', 'fatal'].includes(state);
