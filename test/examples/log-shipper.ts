import {existsSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {survivors} from '../helpers/processes.js';
import {waitForLine} from '../helpers/wait-for.js';
import {freePort, pidOf, startExample, tempDir, unitStatus} from './_example.js';

type Entry = {id: string; time: string; host: string; environment: string; version: string; line: string};

test('every log line reaches the collector exactly once across rotation, truncation, a collector outage and a shipper crash', async t => {
	const data = tempDir(t);
	const env = {LOGSHIP_DIR: data, COLLECTOR_PORT: String(await freePort()), LOG_INTERVAL_MS: '40', ROTATE_EVERY: '15'};
	const {subprocess, unit} = startExample(t, 'log-shipper', env);
	await waitForLine(subprocess.stdout, /main +\| line 20 /, 20_000);
	const before = (await unitStatus(unit)).processes.map(entry => entry.pid!);

	process.kill(await pidOf(unit, 'collector'), 'SIGKILL');
	await waitForLine(subprocess.stdout, /shipper +\| collector unreachable/);
	await waitForLine(subprocess.stdout, /shipper +\| collector back after \d+ failed attempts: caught up/, 20_000);

	process.kill(await pidOf(unit, 'shipper'), 'SIGKILL');
	await waitForLine(subprocess.stdout, /sidecar +\| shipper ready/, 10_000);
	await waitForLine(subprocess.stdout, /shipper +\| followed truncation[\s\S]*shipper +\| followed rename rotation|shipper +\| followed rename rotation[\s\S]*shipper +\| followed truncation/, 20_000);

	subprocess.kill('SIGTERM');
	const {stdout, exitCode} = await subprocess;
	t.is(exitCode, 0, stdout.slice(-3000));
	const written = Number(/main +\| wrote (\d+) lines/.exec(stdout)?.[1]);
	const entries = readFileSync(path.join(data, 'collector', 'received.jsonl'), 'utf8').trim().split('\n').map(line => JSON.parse(line) as Entry);
	const numbers = entries.map(entry => Number(/^line (\d+) /.exec(entry.line)?.[1])).sort((a, b) => a - b);
	t.true(written > 40, `the app wrote ${written} lines`);
	t.deepEqual(numbers, Array.from({length: written}, (_, index) => index + 1), `each written line arrives once, none missing\n${stdout.split('\n').filter(line => !/(main|collector) +\| (line|stored)/.test(line)).slice(-40).join('\n')}`);
	t.is(new Set(entries.map(entry => entry.id)).size, entries.length);
	t.true(entries.every(entry => entry.host === os.hostname() && entry.environment === 'staging' && entry.version === '1.4.2' && !Number.isNaN(Date.parse(entry.time))));
	t.deepEqual(survivors(before), []);
});

// Main writes its last line and exits at once; the shipper reads every 2 s, so at that moment the line is still unread.
async function lastLineRun(t: ExecutionContext, drain: boolean) {
	const data = tempDir(t);
	const env = {LOGSHIP_DIR: data, COLLECTOR_PORT: String(await freePort()), LOG_INTERVAL_MS: '20', EXIT_AFTER: '5', SHIP_INTERVAL_MS: '2000', LOGSHIP_DRAIN: drain ? 'on' : 'off'};
	const {subprocess} = startExample(t, 'log-shipper', env, `log-shipper-drain-${drain}-${process.pid}`);
	const {stdout, exitCode} = await subprocess;
	const received = path.join(data, 'collector', 'received.jsonl');
	const lines = existsSync(received) ? readFileSync(received, 'utf8').trim().split('\n').filter(Boolean).map(line => (JSON.parse(line) as Entry).line) : [];
	return {stdout, exitCode, lines};
}

test('with drain, main\'s very last line reaches the collector when main exits right after writing it; without, it is lost', async t => {
	const drained = await lastLineRun(t, true);
	t.is(drained.exitCode, 0, drained.stdout.slice(-3000));
	t.regex(drained.stdout, /sidecar +\| shipper draining \(pid \d+, how exec probe node drained\.js/);
	t.regex(drained.stdout, /sidecar +\| shipper drained \(pid \d+, result passed, ms \d+\)/);
	t.true(drained.lines.some(line => line.startsWith('line 5 ')), `with drain the collector got: ${JSON.stringify(drained.lines)}`);
	t.is(drained.lines.length, 5);

	const lost = await lastLineRun(t, false);
	t.is(lost.exitCode, 0, lost.stdout.slice(-3000));
	t.regex(lost.stdout, /main +\| line 5 /, 'main wrote it');
	t.false(lost.lines.some(line => line.startsWith('line 5 ')), `without drain the collector got: ${JSON.stringify(lost.lines)}`);
	t.notRegex(lost.stdout, /shipper draining/);
});
