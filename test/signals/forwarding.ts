import test from 'ava';
import {fixture} from '../helpers/fixtures.js';
import {startCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';
import {waitForLine} from '../helpers/wait-for.js';

const unit = {
	main: {command: fixture('print-signals.js'), readiness: {log: 'listening'}},
	sidecars: {helper: {command: fixture('print-signals.js'), readiness: {log: 'listening'}}},
};

test('SIGUSR1 to the supervisor reaches main and not the sidecars, and opens no inspector', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': unit});
	const subprocess = startCli(t, ['run'], {cwd});
	await waitForLine(subprocess.stdout, /main ready/);
	subprocess.kill('SIGUSR1');
	await waitForLine(subprocess.stdout, /main got SIGUSR1/);
	subprocess.kill('SIGTERM');
	const {stdout, stderr, exitCode} = await subprocess;
	t.is(exitCode, 0);
	t.notRegex(stdout, /helper got SIGUSR1/);
	t.notRegex(stderr, /Debugger listening/);
});

test('the signals table routes a signal to the named sidecars', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {...unit, signals: {SIGHUP: ['helper'], SIGUSR2: 'all'}}});
	const subprocess = startCli(t, ['run'], {cwd});
	await waitForLine(subprocess.stdout, /main ready/);
	subprocess.kill('SIGHUP');
	await waitForLine(subprocess.stdout, /helper got SIGHUP/);
	subprocess.kill('SIGUSR2');
	await waitForLine(subprocess.stdout, /main got SIGUSR2[\s\S]*helper got SIGUSR2|helper got SIGUSR2[\s\S]*main got SIGUSR2/);
	subprocess.kill('SIGTERM');
	const {stdout} = await subprocess;
	t.notRegex(stdout, /main got SIGHUP/);
});

test('a sidecar sending SIGUSR1 to SIDECAR_SUPERVISOR_PID makes main receive SIGUSR1', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		main: {command: fixture('print-signals.js'), readiness: {log: 'listening'}},
		sidecars: {watcher: {command: fixture('send-supervisor.js', 'SIGUSR1', '0'), start: 'after'}},
	}});
	const subprocess = startCli(t, ['run'], {cwd});
	await waitForLine(subprocess.stdout, /main got SIGUSR1/);
	subprocess.kill('SIGTERM');
	const {exitCode} = await subprocess;
	t.is(exitCode, 0);
});
