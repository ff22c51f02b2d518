import {readFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import test from 'ava';
import {startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {pidsWithArgv, sampleArgv, uniqueSleep, untilNoneRun} from '../helpers/proc-scan.js';
import {waitFor} from '../helpers/wait-for.js';
import {logged, startUnit} from '../helpers/unit.js';

// Exec probes that fork (issue 11, item 2): each attempt runs in a process group of its own, SIGKILLed whole when
// the attempt times out, when the unit stops it, and when the probe exits, so no `sleep` it forked survives.
// Each test's sleeps carry a unique duration, found by a /proc scan wherever they were reparented.
const forkAndHang = (seconds: string) => ['/bin/sh', '-c', `sleep ${seconds} & sleep ${seconds}; true`];
const forkAndPass = (seconds: string, then = 'true') => ['/bin/sh', '-c', `sleep ${seconds} & ${then}`];
const countLines = (file: string): number => {
	try {
		return readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
	} catch {
		return 0;
	}
};

// How long a killed process may still show in /proc on a loaded machine, beyond the moment it was killed.
const SLACK = 700;

test('a readiness exec probe that forks and times out leaves nothing behind, during start-up or after it', async t => {
	const seconds = uniqueSleep();
	const sleeps = sampleArgv(t, ['sleep', seconds]);
	// Each attempt may take max(interval, 1 s): 1 s here, then a 1 s pause.
	const probed = {command: fixture('forever.js'), readiness: {exec: forkAndHang(seconds), timeout: '3s', interval: '1s'}};
	const unit = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {probed}}, logged);
	const result = await Promise.race([unit.supervisor, sleep(20_000, null)]);
	t.is(result?.exitCode, 69, String(result?.stderr));
	await t.notThrowsAsync(untilNoneRun(['sleep', seconds]));
	const {most, longestMs, seen} = sleeps.stop();
	t.true(seen >= 2, `only ${seen} sleeps were seen: the probe did not run`);
	t.true(most <= 2, `${most} sleeps ran at once: an earlier attempt's were left running`);
	t.true(longestMs < 1000 + SLACK, `a sleep lived ${longestMs}ms, past its attempt's 1s timeout`);
});

test('a liveness exec probe that forks and times out leaves nothing behind, while the unit runs or after it', async t => {
	const seconds = uniqueSleep();
	const checked = {command: fixture('forever.js'), liveness: {exec: forkAndHang(seconds), interval: '100ms', timeout: '300ms', failureThreshold: 1000}};
	const unit = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {checked}}, logged);
	await unit.until('checked', 'ready', 1, 20_000);
	const sleeps = sampleArgv(t, ['sleep', seconds]);
	// Two per check: four checks' worth, however slowly a loaded machine runs them.
	await t.notThrowsAsync(waitFor(() => sleeps.seen() >= 8, 20_000, 'four liveness checks'));
	const during = sleeps.stop();
	t.true(during.most <= 2, `${during.most} sleeps ran at once: an earlier check's were left running`);
	t.true(during.longestMs < 300 + SLACK, `a sleep lived ${during.longestMs}ms, past its check's 300ms timeout`);
	const result = await unit.stop();
	t.is(result.exitCode, 143, 'main (no SIGTERM handler) died of the stop signal');
	await t.notThrowsAsync(untilNoneRun(['sleep', seconds]));
});

test('an exec probe that forks and passes leaves nothing behind, for readiness and liveness alike', async t => {
	const [forReadiness, forLiveness] = [uniqueSleep(), uniqueSleep()];
	const checks = path.join(makeProject(t), 'checks');
	const sleeps = [sampleArgv(t, ['sleep', forReadiness]), sampleArgv(t, ['sleep', forLiveness])];
	const liveness = {exec: forkAndPass(forLiveness, `echo check >> '${checks}'`), interval: '100ms'};
	const probed = {command: fixture('forever.js'), readiness: {exec: forkAndPass(forReadiness)}, liveness};
	const unit = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {probed}}, logged);
	await unit.until('probed', 'ready', 1, 20_000);
	await t.notThrowsAsync(waitFor(() => countLines(checks) >= 5, 10_000, 'five liveness checks'));
	// Killed as each probe exits: at most one at a time, and gone at once (the fork itself is seldom even seen).
	for (const {most, longestMs} of sleeps.map(sampled => sampled.stop())) {
		t.true(most <= 1, `${most} sleeps ran at once`);
		t.true(longestMs < SLACK, `a sleep lived ${longestMs}ms after its probe passed`);
	}

	await t.notThrowsAsync(untilNoneRun(['sleep', forReadiness]));
	t.is(unit.events('probed', 'unhealthy').length, 0);
	const result = await unit.stop();
	t.is(result.exitCode, 143);
	await t.notThrowsAsync(untilNoneRun(['sleep', forLiveness]));
});

// Issue 21, item 5: a probe's group is in no tree of the unit and nothing kills it when the supervisor dies by SIGKILL;
// its environment names the supervisor (one-shot-mark.ts), so the next start ends it.
test('what a running exec probe forked is ended by the next start after a kill -9 of the supervisor', async t => {
	const seconds = uniqueSleep();
	t.teardown(() => {
		for (const pid of pidsWithArgv(['sleep', seconds])) {
			process.kill(pid, 'SIGKILL');
		}
	});
	const liveness = {exec: forkAndHang(seconds), interval: '100ms', timeout: '60s'};
	const unit = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {checked: {command: fixture('forever.js'), liveness}}}, logged);
	await waitFor(() => pidsWithArgv(['sleep', seconds]).length === 2, 20_000, 'the probe\'s two sleeps');
	unit.supervisor.kill('SIGKILL');
	await unit.supervisor;
	t.is(pidsWithArgv(['sleep', seconds]).length, 2, 'the probe\'s group outlived the supervisor');
	const next = startCli(t, ['run'], {cwd: unit.cwd});
	await t.notThrowsAsync(untilNoneRun(['sleep', seconds], 10_000));
	next.kill('SIGTERM');
	await next;
});
