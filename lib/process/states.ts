// What `sidecar status` prints, as s6-supervise keeps it: a union and a state × event table. An exit is decided
// before it is applied (restart policy, docs/restarts.md), so it arrives as the event that says what follows it.
// A task (run: 'once') is `running` while it runs and `completed` after a successful exit; an external gate is
// `waiting` for its probe, then `ready`; `not-ready`: its readiness probe failed failureThreshold times in a row after
// passing (docs/lifecycle.md); `stopped`: held down by `sidecar stop NAME`, or never started (`enabled: false`, a profile
// not selected), until `sidecar start NAME` (docs/control.md): no restart policy, liveness or watchdog acts on it.
// `scheduled`: a task with a schedule between its runs, waiting for the next firing (docs/schedules.md).
export type ProcessState = 'pending' | 'starting' | 'ready' | 'not-ready' | 'running' | 'backoff' | 'stopping' | 'exited' | 'fatal' | 'completed' | 'waiting' | 'stopped' | 'scheduled';
export type ProcessEvent =
	| 'spawned' | 'probePassed' | 'probeFailed' | 'aliveLongEnough' | 'stop'
	// The child exited and stays down; exited and is restarted after a backoff; exited and spent its restart budget.
	| 'exited' | 'crashed' | 'gaveUp'
	// The child exited after a requested stop (`sidecar stop NAME`); a process with no child is held down at once.
	| 'halted' | 'hold'
	// A task's child is running; it exited with a success code.
	| 'taskStarted' | 'completed'
	// A gate begins to wait for its probe; it stops waiting (or being ready) at a stop.
	| 'watch' | 'unwatch'
	// A scheduled task is down until its next firing: not started with the unit, or its run ended.
	| 'schedule';

const afterExit = {exited: 'exited', crashed: 'backoff', gaveUp: 'fatal', halted: 'stopped'} as const;

const transitions: Record<ProcessState, Partial<Record<ProcessEvent, ProcessState>>> = {
	pending: {spawned: 'starting', stop: 'exited', watch: 'waiting', hold: 'stopped', schedule: 'scheduled'},
	starting: {probePassed: 'ready', aliveLongEnough: 'running', taskStarted: 'running', stop: 'stopping', ...afterExit},
	// A gate (no child) is held at once from waiting or ready.
	ready: {probeFailed: 'not-ready', stop: 'stopping', unwatch: 'exited', hold: 'stopped', ...afterExit},
	'not-ready': {probePassed: 'ready', stop: 'stopping', ...afterExit},
	running: {stop: 'stopping', completed: 'completed', ...afterExit},
	stopping: afterExit,
	backoff: {spawned: 'starting', stop: 'exited', hold: 'stopped'},
	exited: {spawned: 'starting', watch: 'waiting', hold: 'stopped', schedule: 'scheduled'},
	fatal: {spawned: 'starting', hold: 'stopped', schedule: 'scheduled'},
	completed: {spawned: 'starting', hold: 'stopped', schedule: 'scheduled'},
	waiting: {probePassed: 'ready', unwatch: 'exited', hold: 'stopped'},
	stopped: {spawned: 'starting', watch: 'waiting'},
	scheduled: {spawned: 'starting', hold: 'stopped'},
};

// The next state; an impossible transition is a bug and throws.
export function nextState(state: ProcessState, event: ProcessEvent): ProcessState {
	const next = transitions[state][event];
	if (next === undefined) {
		throw new Error(`Bug: "${event}" cannot happen in state "${state}"`);
	}

	return next;
}

// Ready for start-up gating: a probe passed, or (no probe) alive long enough; a task once it completed.
export const isReadyState = (state: ProcessState, run: 'always' | 'once' | 'gate' = 'always'): boolean =>
	run === 'once' ? state === 'completed' : state === 'ready' || state === 'running';

