import test from 'ava';
import {decideExit, type ExitContext, type ExitDecision, type ExitPolicy, type SpawnOutcome} from '../../lib/process/exit-decision.js';

// Every branch of what follows an exit, as a table: the outcome of a spawn, the intent, the policy → the state event,
// the `exited` event's fields and the reason given.
const service: ExitPolicy = {name: 's', run: 'always', restart: 'always', maxRestarts: {count: 2, window: 10_000}, successCodes: [], neverRestartOn: [], critical: false, stopSignal: 'SIGTERM'};
const task: ExitPolicy = {...service, run: 'once', restart: 'on-failure'};
const stderr = ['boom'];
const outcome = (extra: Partial<SpawnOutcome>): SpawnOutcome => ({exit: {code: 1, signal: null}, pid: 42, why: 'exited', ranFor: 100, stderr, ...extra});
const running: ExitContext = {intent: 'run', unitStopped: false, restartTimes: [], now: 50_000};
const down: ExitContext = {...running, intent: 'stay-down'};
const held: ExitContext = {...running, intent: 'held'};

type Expected = {event: ExitDecision['event']; stopped?: true; cause?: string; stderr?: string[]; reason: string; fatal?: string};
const row = test.macro<[ExitPolicy, SpawnOutcome, ExitContext, Expected]>({
	exec(t, spec, given, context, expected) {
		const decision = decideExit(given, spec, context);
		t.is(decision.event, expected.event);
		t.like(decision.exited, {event: 'exited', name: 's', pid: 42, code: given.exit.code, signal: given.exit.signal});
		t.is(decision.exited.stopped, expected.stopped);
		t.is(decision.exited.cause, expected.cause);
		t.deepEqual(decision.exited.stderr, expected.stderr);
		t.deepEqual(decision.stderr, expected.stderr ?? []);
		t.is(decision.reason, expected.reason);
		t.is(decision.fatal?.reason, expected.fatal);
		if (decision.fatal !== undefined) {
			t.deepEqual(decision.fatal.stderr, expected.stderr, 'the fatal event carries the same crash context');
		}
	},
	title: (title = '') => title,
});

const ok = {code: 0, signal: null};
const term = {code: null, signal: 'SIGTERM'} as const;

test('a task that succeeds completes, no crash context', row, task, outcome({exit: ok}), running, {event: 'completed', reason: ''});
test('a task that succeeds while the unit holds restarts still completes', row, task, outcome({exit: ok}), down, {event: 'completed', reason: ''});
test('a task that succeeds while it is being stopped is exited, not completed', row, task, outcome({exit: ok, why: 'stopped'}), down, {event: 'exited', reason: ''});
test('a successCode completes a task', row, {...task, successCodes: [3]}, outcome({exit: {code: 3, signal: null}}), running, {event: 'completed', reason: ''});
test('dying of the stop signal while stopping is a stop: stopped, no crash context', row, service, outcome({exit: term, why: 'stopped'}), down, {event: 'exited', stopped: true, reason: ''});
test('dying of another signal while stopping is a failure with its crash context', row, service, outcome({exit: {code: null, signal: 'SIGKILL'}, why: 'stopped'}), down, {event: 'exited', stderr, reason: ''});
test('the stop signal without a stop under way is a crash: restarted', row, service, outcome({exit: term}), running, {event: 'crashed', stderr, reason: 'exited (signal SIGTERM)'});
test('a recycle (liveness) is restarted with its cause and reason, even after dying of the stop signal', row, service, outcome({exit: term, why: 'liveness failed', reason: 'http probe: 500'}), running, {event: 'crashed', cause: 'liveness failed', stderr, reason: 'http probe: 500'});
test('a recycle that exits 0 is still a failure: on-failure restarts it', row, {...service, restart: 'on-failure'}, outcome({exit: ok, why: 'memory over limit', reason: 'over 10MiB'}), running, {event: 'crashed', cause: 'memory over limit', stderr, reason: 'over 10MiB'});
test('a timed-out task with restart never stays exited, the timeout as its reason', row, {...task, restart: 'never'}, outcome({exit: term, why: 'timed out', reason: 'timed out after 500ms'}), running, {event: 'exited', cause: 'timed out', stderr, reason: 'timed out after 500ms'});
test('a stop for a cause while staying down is that failure', row, service, outcome({exit: term, why: 'liveness failed'}), down, {event: 'exited', cause: 'liveness failed', stderr, reason: ''});
test('a crash while the process is meant to stay down stays exited', row, service, outcome({}), down, {event: 'exited', stderr, reason: ''});
test('a crash once the unit has stopped stays exited', row, service, outcome({}), {...running, unitStopped: true}, {event: 'exited', stderr, reason: ''});
test('a requested stop (sidecar stop NAME) ends held: stopped, no crash context', row, service, outcome({exit: term, why: 'stopped'}), held, {event: 'halted', stopped: true, reason: ''});
test('a crash while held stays held, with its crash context', row, service, outcome({}), held, {event: 'halted', stderr, reason: ''});
test('a liveness stop under way when the hold came: held, the exit still that failure', row, service, outcome({exit: term, why: 'liveness failed', reason: 'http probe: 500'}), held, {event: 'halted', cause: 'liveness failed', stderr, reason: ''});
test('a held process whose budget is spent is held, not fatal', row, service, outcome({}), {...held, restartTimes: [45_000, 49_000]}, {event: 'halted', stderr, reason: ''});
test('a task that succeeds while held still completes', row, task, outcome({exit: ok}), held, {event: 'completed', reason: ''});
test('held once the unit has stopped: exited, as everything then is', row, service, outcome({exit: term, why: 'stopped'}), {...held, unitStopped: true}, {event: 'exited', stopped: true, reason: ''});
test('restart always: a clean exit is restarted, with no crash context', row, service, outcome({exit: ok}), running, {event: 'crashed', reason: 'exited (code 0)'});
test('restart on-failure: a clean exit stays exited', row, {...service, restart: 'on-failure'}, outcome({exit: ok}), running, {event: 'exited', reason: ''});
test('restart on-failure: a crash is restarted', row, {...service, restart: 'on-failure'}, outcome({}), running, {event: 'crashed', stderr, reason: 'exited (code 1)'});
test('restart never: a crash stays exited', row, {...service, restart: 'never'}, outcome({}), running, {event: 'exited', stderr, reason: ''});
test('restart never, critical: a crash is fatal', row, {...service, restart: 'never', critical: true}, outcome({}), running, {event: 'gaveUp', stderr, reason: 'exit code 1 with restart \'never\'', fatal: 'exit code 1 with restart \'never\''});
test('a code in neverRestartOn is fatal at once', row, {...service, neverRestartOn: [1]}, outcome({}), running, {event: 'gaveUp', stderr, reason: 'exit code 1 is in neverRestartOn', fatal: 'exit code 1 is in neverRestartOn'});
const spent = '2 restarts in 10s (maxRestarts.count 2), last exit code 1';
test('a spent restart budget is fatal', row, service, outcome({}), {...running, restartTimes: [45_000, 49_000]}, {event: 'gaveUp', stderr, reason: spent, fatal: spent});
test('restarts older than the window do not count', row, service, outcome({}), {...running, restartTimes: [30_000, 49_000]}, {event: 'crashed', stderr, reason: 'exited (code 1)'});

test('the fatal event carries the budget it spent', t => {
	const {fatal} = decideExit(outcome({}), service, {...running, restartTimes: [45_000, 49_000]});
	t.like(fatal, {event: 'fatal', name: 's', code: 1, signal: null, restarts: 2, windowMs: 10_000});
});

test('a command that never started has no pid in its exited event', t => {
	const {exited} = decideExit(outcome({pid: null, exit: {code: 127, signal: null, error: 'unable to start s: not found'}}), {...service, restart: 'never'}, running);
	t.like(exited, {pid: undefined, code: 127, error: 'unable to start s: not found'});
});
