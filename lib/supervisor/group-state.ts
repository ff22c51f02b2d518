import {isReadyState, type ProcessState} from '../process/states.js';

// A replicated sidecar's state (docs/config.md, Replicas): `running` while every desired instance is ready,
// `degraded` while fewer are, `fatal` once fewer than minReady (at most the desired count) can still be: the others
// are fatal (a task: failed). One that exited (a restart's stop, restart: 'never') or is held by `sidecar stop NAME`
// can be started again, so it counts as possible.
export type GroupState = 'running' | 'degraded' | 'fatal';

export type GroupHealth = {state: GroupState; ready: number; possible: number; needed: number};

// Pure: the instances' states → the group's.
export function groupHealth(states: readonly ProcessState[], run: 'always' | 'once' | 'gate', desired: number, minReady: number): GroupHealth {
	const ready = states.filter(state => isReadyState(state, run)).length;
	const possible = states.filter(state => state !== 'fatal' && !(run === 'once' && state === 'exited')).length;
	const needed = Math.min(minReady, desired);
	const state: GroupState = possible < needed ? 'fatal' : ready < desired ? 'degraded' : 'running';
	return {state, ready, possible, needed};
}
