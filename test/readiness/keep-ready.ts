import {rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import type {ResolvedReadiness} from '../../lib/config/types.js';
import {keepReady, type ReadinessVerdict} from '../../lib/readiness/keep-ready.js';
import {fixture} from '../helpers/fixtures.js';
import {startUnit, uniqueName, waitAllReady} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';

const readiness: ResolvedReadiness = {
	probe: {kind: 'tcp', host: '127.0.0.1', port: 1}, timeout: 1000, interval: 100, maxInterval: 100, checkTimeout: 100, period: 1, failureThreshold: 3, successThreshold: 2,
};

// Runs keepReady over scripted results (true: a pass) and returns the verdicts it reported.
async function script(results: boolean[]): Promise<ReadinessVerdict[]> {
	const verdicts: ReadinessVerdict[] = [];
	const scope = new AbortController();
	let checks = 0;
	const probe = {check: async () => {
		if (checks === results.length) {
			scope.abort();
			return {passed: false as const, reason: 'done'};
		}

		return results[checks++]! ? {passed: true as const} : {passed: false as const, reason: `check ${checks} failed`};
	}};
	await keepReady(readiness, probe, verdict => verdicts.push(verdict), scope.signal);
	return verdicts;
}

test('failureThreshold failures in a row make it not ready; successThreshold passes in a row ready again', async t => {
	t.deepEqual(await script([true, false, false, false, false, true, false, true, true, true]), [
		{ready: false, reason: 'readiness tcp probe 127.0.0.1:1 failed 3 times in a row (last: check 4 failed)'},
		{ready: true},
	]);
});

test('a pass between failures resets the count', async t => {
	t.deepEqual(await script([false, false, true, false, false, true]), []);
});

test('a probe that passes once (log, notify, sdNotify) is not repeated', async t => {
	let checks = 0;
	await keepReady({...readiness, period: null}, {check: async () => ({passed: false, reason: String(++checks)})}, () => {}, new AbortController().signal);
	t.is(checks, 0);
});

// Prometheus text → the sample of `metric` for `name`.
const sample = (text: string, metric: string, name: string): number =>
	Number(new RegExp(`^${metric}\\{process="${name}"\\} (\\S+)$`, 'm').exec(text)?.[1]);

test('a sidecar whose readiness fails shows not-ready within period × failureThreshold (status, metrics), and ready again after; never restarted', async t => {
	const gate = {command: [...fixture('forever.js')], readiness: {file: 'up', period: '200ms', failureThreshold: 3, successThreshold: 2}};
	const name = uniqueName('keep-ready');
	const unit = await startUnit(t, {name, metrics: {port: 0}, main: {command: fixture('forever.js')}, sidecars: {gate}}, {files: {up: ''}});
	await waitAllReady(unit);
	const url = await waitFor(() => /metrics \(url (\S+)\)/.exec(unit.output())?.[1], 10_000, 'the metrics url');
	const metrics = async () => (await fetch(url)).text();
	t.is(sample(await metrics(), 'sidecar_process_ready', 'gate'), 1);
	const pid = (await unit.pids()).gate;

	rmSync(path.join(unit.cwd, 'up'));
	const removed = Date.now();
	await waitFor(async () => (await unit.status()).processes.find(entry => entry.name === 'gate')?.state === 'not-ready', 10_000, 'not-ready');
	const tookMs = Date.now() - removed;
	t.true(tookMs >= 3 * 200 - 250, `not-ready after ${tookMs}ms, sooner than 3 failures 200 ms apart`);
	t.true(tookMs <= (3 * 200) + 3000, `not-ready after ${tookMs}ms`);
	const gate1 = (await unit.status()).processes.find(entry => entry.name === 'gate')!;
	t.false(gate1.ready);
	t.is(sample(await metrics(), 'sidecar_process_ready', 'gate'), 0);
	t.regex(unit.output(), /gate not-ready \(pid \d+, reason readiness file probe \S+up failed 3 times in a row \(last: no such file\)\)/);
	const {stdout} = await unit.cli(['status', '--name', name]);
	t.regex(stdout, /^gate +not-ready /m);

	writeFileSync(path.join(unit.cwd, 'up'), '');
	await waitFor(async () => (await unit.status()).processes.find(entry => entry.name === 'gate')?.state === 'ready', 10_000, 'ready again');
	t.is(sample(await metrics(), 'sidecar_process_ready', 'gate'), 1);
	t.is((await unit.pids()).gate, pid, 'readiness never restarts');
	t.is((await unit.status()).processes.find(entry => entry.name === 'gate')!.restarts, 0);
	unit.supervisor.kill('SIGTERM');
	await unit.supervisor;
});
