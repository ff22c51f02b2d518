import test from 'ava';
import {startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {startUnit, uniqueName} from '../helpers/unit.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';

const config = (name: string) => ({
	name,
	main: {command: fixture('print-signals.js')},
	sidecars: {helper: {command: fixture('print-signals.js')}},
});

test('logs prints the recent lines of every process', async t => {
	const unit = await startUnit(t, config(uniqueName('logs')));
	await waitFor(async () => (await unit.cli(['logs'])).stdout.includes('main | main listening'), 10_000, 'main\'s first line');
	const {exitCode, stdout} = await unit.cli(['logs']);
	t.is(exitCode, 0);
	t.regex(stdout, /^helper \| helper listening \d+$/m);
	t.regex(stdout, /^main \| main listening \d+$/m);
});

test('logs NAME --lines N prints the last N lines of that process only', async t => {
	const unit = await startUnit(t, config(uniqueName('logs-lines')));
	for (const signal of ['SIGHUP', 'SIGUSR1', 'SIGUSR2']) {
		await unit.cli(['signal', 'helper', signal]);
	}

	await waitFor(async () => (await unit.cli(['logs', 'helper'])).stdout.includes('SIGUSR2'), 10_000, 'the third signal line');
	const {stdout} = await unit.cli(['logs', 'helper', '--lines', '2']);
	t.deepEqual(stdout.trim().split('\n').map(line => line.replace(/ at \d+$/, '')), ['helper | helper got SIGUSR1', 'helper | helper got SIGUSR2']);
});

test('logs --follow shows a line written after it was called', async t => {
	const unit = await startUnit(t, config(uniqueName('logs-follow')));
	const follow = startCli(t, ['logs', 'helper', '--follow', '--lines', '5'], {cwd: unit.cwd, env: unit.env});
	await waitForLine(follow.stdout!, /helper \| helper listening/);
	const later = waitForLine(follow.stdout!, /helper \| helper got SIGUSR1/);
	await unit.cli(['signal', 'helper', 'SIGUSR1']);
	await later;
	await unit.cli(['stop']);
	const result = await follow;
	t.is(result.exitCode, 0);
	t.notRegex(String(result.stdout), /^main \|/m);
});

test('logs of an unknown process is a usage error', async t => {
	const unit = await startUnit(t, config(uniqueName('logs-unknown')));
	const {exitCode, stderr} = await unit.cli(['logs', 'nope']);
	t.is(exitCode, 64);
	t.regex(stderr, /unable to read logs of nope: no such process/);
});
