import test from 'ava';
import {decideRestart} from '../../lib/process/restart-policy.js';
import type {ExitInfo} from '../../lib/process/spawn.js';

const budget = {count: 2, window: 10_000};
const clean: ExitInfo = {code: 0, signal: null};
const crashed: ExitInfo = {code: 3, signal: null};
const killed: ExitInfo = {code: null, signal: 'SIGKILL'};

type Policy = 'always' | 'on-failure' | 'never';
const decides = test.macro<[Policy, ExitInfo, 'restart' | 'stay']>({
	exec(t, restart, exit, action) {
		t.is(decideRestart({restart, maxRestarts: budget}, exit, [], 0).action, action);
	},
	title: (_, restart, exit, action) => `${restart}: ${exit.signal ?? `code ${exit.code}`} → ${action}`,
});

test(decides, 'always', clean, 'restart');
test(decides, 'always', crashed, 'restart');
test(decides, 'always', killed, 'restart');
test(decides, 'on-failure', clean, 'stay');
test(decides, 'on-failure', crashed, 'restart');
test(decides, 'on-failure', killed, 'restart');
test(decides, 'never', clean, 'stay');
test(decides, 'never', crashed, 'stay');
test(decides, 'never', killed, 'stay');

test('on-failure restarts a spawn stopped as unhealthy, even when it then exits 0', t => {
	t.is(decideRestart({restart: 'on-failure', maxRestarts: budget}, clean, [], 0, 'liveness failed').action, 'restart');
	t.is(decideRestart({restart: 'never', maxRestarts: budget}, clean, [], 0, 'liveness failed').action, 'stay');
});

test('a critical process that fails with restart \'never\' goes fatal, naming the exit; a success stays exited', t => {
	const critical = {restart: 'never' as const, maxRestarts: budget, critical: true};
	t.like(decideRestart(critical, {code: 4, signal: null}, [], 0), {action: 'fatal', reason: 'exit code 4 with restart \'never\''});
	t.like(decideRestart(critical, clean, [], 0, 'timed out'), {action: 'fatal', reason: 'timed out, then exit code 0 with restart \'never\''});
	t.is(decideRestart(critical, clean, [], 0).action, 'stay');
	t.is(decideRestart({...critical, restart: 'on-failure'}, clean, [], 0).action, 'stay');
	t.is(decideRestart({...critical, restart: 'on-failure'}, crashed, [], 0).action, 'restart');
});

test('a fatal reason names what the supervisor stopped the spawn for', t => {
	const policy = {restart: 'always' as const, maxRestarts: budget};
	for (const cause of ['liveness failed', 'memory over limit', 'postStart failed', 'timed out'] as const) {
		t.is((decideRestart(policy, {code: null, signal: 'SIGTERM'}, [1, 2], 3, cause) as {reason: string}).reason,
			`2 restarts in 10s (maxRestarts.count 2), last ${cause}, then signal SIGTERM`);
	}
});

test('count 2 allows two restarts in the window, so at most 3 starts', t => {
	const policy = {restart: 'always' as const, maxRestarts: budget};
	t.is(decideRestart(policy, crashed, [], 1000).action, 'restart');
	t.is(decideRestart(policy, crashed, [1000], 2000).action, 'restart');
	t.is(decideRestart(policy, crashed, [1000, 2000], 3000).action, 'fatal');
});

test('the fatal decision says why: restarts, window and the last exit', t => {
	const decision = decideRestart({restart: 'always', maxRestarts: budget}, killed, [1000, 2000], 3000);
	t.deepEqual(decision, {
		action: 'fatal',
		reason: '2 restarts in 10s (maxRestarts.count 2), last signal SIGKILL',
		restarts: 2,
		windowMs: 10_000,
	});
});

test('restarts older than the window do not count', t => {
	t.is(decideRestart({restart: 'always', maxRestarts: budget}, crashed, [0, 500], 10_600).action, 'restart');
	t.is(decideRestart({restart: 'always', maxRestarts: budget}, crashed, [700, 10_000], 10_600).action, 'fatal');
});

test('count 0 makes the first crash fatal', t => {
	const decision = decideRestart({restart: 'always', maxRestarts: {count: 0, window: 1000}}, crashed, [], 0);
	t.is(decision.action, 'fatal');
});

test('a clean exit under on-failure never spends the budget', t => {
	t.is(decideRestart({restart: 'on-failure', maxRestarts: budget}, clean, [1, 2, 3], 4).action, 'stay');
});

test('successCodes count as success: on-failure leaves them down', t => {
	const policy = {restart: 'on-failure' as const, maxRestarts: budget, successCodes: [3]};
	t.is(decideRestart(policy, crashed, [], 0).action, 'stay');
	t.is(decideRestart(policy, {code: 4, signal: null}, [], 0).action, 'restart');
	t.is(decideRestart(policy, {code: 3, signal: null}, [], 0, 'timed out').action, 'restart', 'a run stopped by the supervisor still failed');
});

test('a code in neverRestartOn is fatal at once, whatever the budget and policy', t => {
	for (const restart of ['always', 'on-failure', 'never'] as const) {
		const decision = decideRestart({restart, maxRestarts: {count: 100, window: 1000}, neverRestartOn: [78]}, {code: 78, signal: null}, [], 0);
		t.like(decision, {action: 'fatal', reason: 'exit code 78 is in neverRestartOn'}, restart);
	}

	t.is(decideRestart({restart: 'always', maxRestarts: budget, neverRestartOn: [78]}, crashed, [], 0).action, 'restart');
});

test('a timed-out run names the timeout in the fatal reason', t => {
	const decision = decideRestart({restart: 'on-failure', maxRestarts: {count: 0, window: 1000}}, {code: null, signal: 'SIGTERM'}, [], 0, 'timed out');
	t.like(decision, {action: 'fatal', reason: '0 restarts in 1s (maxRestarts.count 0), last timed out, then signal SIGTERM'});
});
