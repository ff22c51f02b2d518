import {setTimeout as sleep} from 'node:timers/promises';
import test from 'ava';
import {runCli, startCli, stripAnsi} from '../test/helpers/cli.js';
import {fixture} from '../test/helpers/fixtures.js';
import {makeProject} from '../test/helpers/project.js';
import {waitForLine} from '../test/helpers/wait-for.js';
import {faultFixture} from './helpers/host.js';

// A log file on a full device (/dev/full: every write fails with ENOSPC): the unit keeps running and printing.
const config = {
	name: `full-${process.pid}`,
	main: {command: fixture('forever.js')},
	sidecars: {writer: {command: faultFixture('tick.js', '10'), logs: {file: '/dev/full', maxSize: '1MiB', keep: 2}}},
};

test('a log file on a full device: the unit keeps running and printing', async t => {
	t.timeout(60_000);
	const project = makeProject(t, {'sidecar.config.json': config});
	const checked = await runCli(['check'], {cwd: project});
	t.is(checked.exitCode, 0, checked.stderr);
	t.true(checked.stdout.includes('/dev/full'), 'the resolved config keeps logs.file');
	const supervisor = startCli(t, ['run'], {cwd: project, buffer: false});
	let [stdout, stderr] = ['', ''];
	supervisor.stdout!.on('data', (chunk: Buffer) => {
		stdout += stripAnsi(chunk.toString());
	});
	supervisor.stderr!.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	await waitForLine(supervisor.stdout!, /writer +\| tick 5\b/, 20_000);
	await sleep(2000);
	const later = await waitForLine(supervisor.stdout!, /writer +\| tick (\d+)/, 5000);
	t.true(Number(later[1]) > 50, 'the writer kept printing after its log file failed');
	t.is([...stdout.matchAll(/writer logfile-failed \(file \/dev\/full, reason ENOSPC\)/g)].length, 1, 'the log file was written to, failed, and was reported once');
	t.is(supervisor.exitCode, null, 'the supervisor is still running');
	supervisor.kill('SIGTERM');
	const {exitCode} = await supervisor;
	t.is(exitCode, 143, 'main\'s code (it died of SIGTERM), not a crash of the supervisor');
	t.notRegex(stderr, /^\s+at /m, 'no stack trace');
});
