import test from 'ava';
import type {DependencyCondition} from '../../lib/config/types.js';
import type {ProcessState} from '../../lib/process/states.js';
import {meetsCondition} from '../../lib/supervisor/dependency-conditions.js';

// Every condition against every state of a long-running sidecar and of a task (docs/lifecycle.md, Dependencies).
const states: ProcessState[] = ['pending', 'starting', 'ready', 'not-ready', 'running', 'backoff', 'stopping', 'exited', 'fatal', 'completed', 'waiting', 'stopped'];
const expected: Record<DependencyCondition, {always: ProcessState[]; once: ProcessState[]}> = {
	started: {
		always: ['starting', 'ready', 'not-ready', 'running', 'backoff', 'stopping', 'completed', 'waiting'],
		once: ['starting', 'ready', 'not-ready', 'running', 'backoff', 'stopping', 'completed', 'waiting'],
	},
	ready: {always: ['ready', 'running'], once: ['completed']},
	completed: {always: ['exited', 'fatal', 'completed'], once: ['exited', 'fatal', 'completed']},
	succeeded: {always: ['completed'], once: ['completed']},
};

for (const [condition, byRun] of Object.entries(expected) as Array<[DependencyCondition, typeof expected.started]>) {
	for (const run of ['always', 'once'] as const) {
		test(`a ${condition} edge on a process with run '${run}' is met in ${byRun[run].join(', ')} and nowhere else`, t => {
			t.deepEqual(states.filter(state => meetsCondition(condition, state, run)), byRun[run]);
		});
	}
}
