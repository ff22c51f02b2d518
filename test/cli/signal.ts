import test from 'ava';
import {fixture} from '../helpers/fixtures.js';
import {startUnit, uniqueName} from '../helpers/unit.js';
import {waitForLine} from '../helpers/wait-for.js';

test('signal NAME SIGNAL reaches that process and no other', async t => {
	const unit = await startUnit(t, {
		name: uniqueName('signal'),
		main: {command: fixture('print-signals.js')},
		sidecars: {helper: {command: fixture('print-signals.js')}},
	});
	const seen = waitForLine(unit.supervisor.stdout!, /helper\s+\| helper got SIGUSR2/);
	const {exitCode, stdout} = await unit.cli(['signal', 'helper', 'USR2']);
	t.is(exitCode, 0);
	t.regex(stdout, /sent SIGUSR2 to helper \(process group \d+\)/);
	await seen;
	const main = waitForLine(unit.supervisor.stdout!, /main\s+\| main got SIGHUP/);
	t.is((await unit.cli(['signal', 'main', 'SIGHUP'])).exitCode, 0);
	await main;
	t.notRegex((await unit.cli(['logs', 'main'])).stdout, /main got SIGUSR2/);
	t.notRegex((await unit.cli(['logs', 'helper'])).stdout, /helper got SIGHUP/);
});

test('an unknown signal is a usage error', async t => {
	const unit = await startUnit(t, {name: uniqueName('signal-bad'), main: {command: fixture('print-signals.js')}});
	const {exitCode, stderr} = await unit.cli(['signal', 'main', 'SIGNOPE']);
	t.is(exitCode, 64);
	t.regex(stderr, /unable to send signal SIGNOPE: not a signal name/);
});
