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
	t.deepEqual(walk(['spawned', 'probePassed', 'crashed', 'spawned']), ['starting', 'ready', 'backoff', 'starting']);
});

test('a spent budget ends in fatal', t => {
	t.deepEqual(walk(['spawned', 'gaveUp']), ['starting', 'fatal']);
});

test('a liveness stop passes through stopping, then the policy restarts it', t => {
	t.deepEqual(walk(['spawned', 'aliveLongEnough', 'stop', 'crashed', 'spawned']), ['starting', 'running', 'stopping', 'backoff', 'starting']);
});

test('stopping a process in backoff leaves it exited', t => {
	t.deepEqual(walk(['spawned', 'crashed', 'stop']), ['starting', 'backoff', 'exited']);
});

test('a stopped process can be started again', t => {
	t.deepEqual(walk(['spawned', 'stop', 'exited', 'spawned']), ['starting', 'stopping', 'exited', 'starting']);
});

test('an impossible transition is a loud bug', t => {
	t.throws(() => nextState('stopping', 'stop'), {message: 'Bug: "stop" cannot happen in state "stopping"'});
	t.throws(() => nextState('backoff', 'exited'), {message: /cannot happen/});
	t.throws(() => nextState('fatal', 'crashed'), {message: /cannot happen/});
	t.throws(() => nextState('exited', 'stop'), {message: /cannot happen/});
});

test('only ready and running count as ready', t => {
	const states: ProcessState[] = ['pending', 'starting', 'ready', 'running', 'backoff', 'stopping', 'exited', 'fatal'];
	t.deepEqual(states.filter(state => isReadyState(state)), ['ready', 'running']);
});

test('a task runs, may crash and run again, and completes; it can be run again from completed', t => {
	t.deepEqual(walk(['spawned', 'taskStarted', 'crashed', 'spawned', 'taskStarted', 'completed', 'spawned']),
		['starting', 'running', 'backoff', 'starting', 'running', 'completed', 'starting']);
});

test('a gate waits, becomes ready, and a stop ends its watch from either state', t => {
	t.deepEqual(walk(['watch', 'probePassed', 'unwatch', 'watch', 'unwatch']), ['waiting', 'ready', 'exited', 'waiting', 'exited']);
	t.throws(() => nextState('waiting', 'exited'), {message: /cannot happen/});
});

test('a task counts as ready only once completed', t => {
	const states: ProcessState[] = ['pending', 'starting', 'ready', 'running', 'backoff', 'stopping', 'exited', 'fatal', 'completed', 'waiting'];
	t.deepEqual(states.filter(state => isReadyState(state, 'once')), ['completed']);
	t.deepEqual(states.filter(state => isReadyState(state, 'gate')), ['ready', 'running']);
});

test('a requested stop holds a process stopped, from a run or from any state where nothing runs; it can be started again', t => {
	t.deepEqual(walk(['spawned', 'aliveLongEnough', 'stop', 'halted', 'spawned']), ['starting', 'running', 'stopping', 'stopped', 'starting']);
	for (const events of [[], ['spawned', 'crashed'], ['spawned', 'exited'], ['spawned', 'gaveUp'], ['spawned', 'taskStarted', 'completed']] as ProcessEvent[][]) {
		t.is(walk([...events, 'hold']).at(-1), 'stopped', `hold after ${events.join(', ') || 'nothing'}`);
	}

	t.throws(() => nextState('stopped', 'hold'), {message: /cannot happen/});
	t.throws(() => nextState('running', 'hold'), {message: /cannot happen/}, 'a running child is stopped first');
});

test('a gate is held from waiting or ready, and watches again when started', t => {
	t.deepEqual(walk(['watch', 'hold', 'watch', 'probePassed', 'hold']), ['waiting', 'stopped', 'waiting', 'ready', 'stopped']);
});

test('a stopped process does not count as ready', t => {
	t.false(isReadyState('stopped'));
	t.false(isReadyState('stopped', 'once'));
});

test('a scheduled task waits between runs: scheduled from the start or after any end of a run, then runs again or is held', t => {
	t.deepEqual(walk(['schedule', 'spawned', 'taskStarted', 'completed', 'schedule', 'spawned', 'gaveUp', 'schedule', 'hold']),
		['scheduled', 'starting', 'running', 'completed', 'scheduled', 'starting', 'fatal', 'scheduled', 'stopped']);
	t.is(walk(['spawned', 'exited', 'schedule']).at(-1), 'scheduled');
	t.throws(() => nextState('running', 'schedule'), {message: /cannot happen/}, 'a run in progress is not scheduled');
	t.false(isReadyState('scheduled', 'once'));
});
