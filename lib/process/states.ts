// What `sidecar status` prints, as s6-supervise keeps it: a union and a state × event table.
export type ProcessState = 'pending' | 'starting' | 'ready' | 'running' | 'backoff' | 'stopping' | 'exited' | 'fatal';
export type ProcessEvent = 'spawned' | 'probePassed' | 'aliveLongEnough' | 'exited' | 'retry' | 'giveUp' | 'stop';

const transitions: Record<ProcessState, Partial<Record<ProcessEvent, ProcessState>>> = {
	pending: {spawned: 'starting', stop: 'exited'},
	starting: {probePassed: 'ready', aliveLongEnough: 'running', exited: 'exited', stop: 'stopping'},
	ready: {exited: 'exited', stop: 'stopping'},
	running: {exited: 'exited', stop: 'stopping'},
	stopping: {exited: 'exited'},
	exited: {retry: 'backoff', giveUp: 'fatal', spawned: 'starting', stop: 'exited'},
	backoff: {spawned: 'starting', stop: 'exited'},
	fatal: {spawned: 'starting', stop: 'fatal'},
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
