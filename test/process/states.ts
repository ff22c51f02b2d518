import test from 'ava';
import {isReadyState, nextState, type ProcessEvent, type ProcessState} from '../../lib/process/states.js';

// Walks a list of events from `pending`, returning every state passed through.
const walk = (events: ProcessEvent[]): ProcessState[] => {
	const states: ProcessState[] = [];
	let state: ProcessState = 'pending';
	for (const event of events) {
		state = nextState(state, event);
		states.push(state);
	}

	return states;
};

test('a crash goes through backoff back to starting', t => {
	t.deepEqual(walk(['spawned', 'probePassed', 'exited', 'retry', 'spawned']), ['starting', 'ready', 'exited', 'backoff', 'starting']);
});

test('a spent budget ends in fatal', t => {
	t.deepEqual(walk(['spawned', 'exited', 'giveUp']), ['starting', 'exited', 'fatal']);
});

test('a liveness stop passes through stopping, then the policy restarts it', t => {
	t.deepEqual(walk(['spawned', 'aliveLongEnough', 'stop', 'exited', 'retry', 'spawned']), ['starting', 'running', 'stopping', 'exited', 'backoff', 'starting']);
});

test('stopping a process in backoff leaves it exited', t => {
	t.deepEqual(walk(['spawned', 'exited', 'retry', 'stop']), ['starting', 'exited', 'backoff', 'exited']);
});

test('stopping a fatal process keeps it fatal', t => {
	t.is(nextState('fatal', 'stop'), 'fatal');
});

test('an impossible transition is a loud bug', t => {
	t.throws(() => nextState('stopping', 'stop'), {message: 'Bug: "stop" cannot happen in state "stopping"'});
	t.throws(() => nextState('backoff', 'exited'), {message: /cannot happen/});
	t.throws(() => nextState('fatal', 'retry'), {message: /cannot happen/});
});

test('only ready and running count as ready', t => {
	const states: ProcessState[] = ['pending', 'starting', 'ready', 'running', 'backoff', 'stopping', 'exited', 'fatal'];
	t.deepEqual(states.filter(state => isReadyState(state)), ['ready', 'running']);
});
