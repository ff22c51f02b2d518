import path from 'node:path';
import test from 'ava';
import {runOnce} from '../lib/run-once.js';
import {makeProject} from './helpers/project.js';
import {pidsWithArgv, uniqueSleep, untilNoneRun} from './helpers/proc-scan.js';
import {waitFor} from './helpers/wait-for.js';

// A shell that forks `sleep SECONDS` into the background, then runs `rest`.
const forking = (seconds: string, rest: string): [string, string[]] => ['/bin/sh', ['-c', `sleep ${seconds} & ${rest}`]];

test('a command that exits 0 is ok, and what it forked is killed as it exits', async t => {
	const seconds = uniqueSleep();
	const result = await runOnce(...forking(seconds, 'true'), {timeout: 10_000});
	t.deepEqual(result, {ok: true});
	await t.notThrowsAsync(untilNoneRun(['sleep', seconds]));
});

test('a command that outlives its timeout is killed with its whole group, at the timeout', async t => {
	const seconds = uniqueSleep();
	const started = Date.now();
	const result = await runOnce(...forking(seconds, `sleep ${seconds}; true`), {timeout: 300});
	const tookMs = Date.now() - started;
	t.like(result, {ok: false, reason: 'timed out after 300ms'});
	t.true(tookMs >= 300 && tookMs < 5000, `took ${tookMs}ms`);
	await t.notThrowsAsync(untilNoneRun(['sleep', seconds]));
});

test('an aborted signal kills the whole group at once', async t => {
	const seconds = uniqueSleep();
	const scope = new AbortController();
	const running = runOnce(...forking(seconds, `sleep ${seconds}; true`), {timeout: 30_000, signal: scope.signal});
	await waitFor(() => pidsWithArgv(['sleep', seconds]).length === 2, 10_000, 'both sleeps to run');
	const aborted = Date.now();
	scope.abort();
	const result = await running;
	t.like(result, {ok: false, reason: 'cancelled'});
	t.true(Date.now() - aborted < 2000);
	await t.notThrowsAsync(untilNoneRun(['sleep', seconds]));
});

test('an already aborted signal runs nothing', async t => {
	t.like(await runOnce('/bin/sh', ['-c', 'exit 0'], {timeout: 1000, signal: AbortSignal.abort()}), {ok: false, reason: 'cancelled'});
});

test('a non-zero exit says its code and keeps stderr when piped', async t => {
	const result = await runOnce('/bin/sh', ['-c', 'echo broken >&2; exit 3'], {timeout: 10_000, stderr: 'pipe'});
	t.deepEqual(result, {ok: false, reason: 'exit code 3', stderr: 'broken'});
});

test('a command killed by a signal says which', async t => {
	t.like(await runOnce('/bin/sh', ['-c', 'kill -9 $$'], {timeout: 10_000}), {ok: false, reason: 'killed by SIGKILL'});
});

test('an executable that does not exist is a failure that says so, not a throw', async t => {
	const result = await runOnce('/nonexistent/check', [], {timeout: 10_000});
	t.like(result, {ok: false, reason: 'unable to run /nonexistent/check: no such file or directory'});
});

test('a file that is not executable says so', async t => {
	const file = path.join(makeProject(t, {'check.sh': 'exit 0\n'}), 'check.sh'); // Mode 0644.
	t.like(await runOnce(file, [], {timeout: 10_000}), {ok: false, reason: `unable to run ${file}: permission denied`});
});

test('the environment is the supervisor\'s plus env, or env alone', async t => {
	const check = '[ "$ONLY" = yes ] && [ -z "$HOME" ]';
	t.deepEqual(await runOnce('/bin/sh', ['-c', check], {timeout: 10_000, env: {ONLY: 'yes'}, extendEnv: false}), {ok: true});
	t.like(await runOnce('/bin/sh', ['-c', check], {timeout: 10_000, env: {ONLY: 'yes'}}), {ok: false, reason: 'exit code 1'});
});

test('a process that left the group holding stderr does not hold the result, and stderr keeps its last 64 KiB', async t => {
	const seconds = uniqueSleep();
	const started = Date.now();
	// 100,000 bytes of 'x' then 'end': the kept tail is the last 65,536 bytes.
	const script = `setsid sleep ${seconds} & printf '%100000s' '' | tr ' ' x >&2; echo end >&2; exit 4`;
	const result = await runOnce('/bin/sh', ['-c', script], {timeout: 10_000, stderr: 'pipe'});
	const tookMs = Date.now() - started;
	t.like(result, {ok: false, reason: 'exit code 4'});
	t.is((result as {stderr: string}).stderr.length, 65_536 - 1, 'the tail, trimmed of its newline');
	t.true((result as {stderr: string}).stderr.endsWith('xend'));
	t.true(tookMs < 3000, `took ${tookMs}ms`);
	for (const pid of pidsWithArgv(['sleep', seconds])) {
		globalThis.process.kill(pid, 'SIGKILL'); // The escaped one: setsid put it out of the group's reach.
	}
});
