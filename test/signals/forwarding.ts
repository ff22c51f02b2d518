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

// Issue 21: each of these ended the supervisor (Node's default action, `kill -ALRM` → 142), and main was then SIGKILLed
// by the orphan guard without its stop signal.
const STRAY: NodeJS.Signals[] = ['SIGALRM', 'SIGVTALRM', 'SIGPROF', 'SIGIO', 'SIGPWR', 'SIGSTKFLT', 'SIGXCPU', 'SIGXFSZ', 'SIGTRAP', 'SIGABRT', 'SIGSYS'];

test('a signal nothing routes is ignored with one line naming it; main then stops gracefully, with its own code', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': unit});
	const subprocess = startCli(t, ['run'], {cwd});
	await waitForLine(subprocess.stdout!, /main ready/);
	for (const signal of STRAY) {
		subprocess.kill(signal);
		await waitForLine(subprocess.stderr!, new RegExp(`^sidecar: ignoring ${signal}: nothing routes it`, 'm'));
	}

	subprocess.kill('SIGTERM');
	const {stdout, stderr, exitCode} = await subprocess;
	t.is(exitCode, 0, 'main exits 0 on its stop signal (print-signals.js)');
	t.regex(String(stdout), /main exited \(pid \d+, code 0/);
	t.notRegex(String(stdout), /restarting|SIGKILL/);
	t.is(String(stderr).trim().split('\n').length, STRAY.length, String(stderr));
});

test('a signal the table routes to \'none\' is ignored with a line naming the table entry', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {...unit, signals: {SIGHUP: 'none'}}});
	const subprocess = startCli(t, ['run'], {cwd});
	await waitForLine(subprocess.stdout!, /main ready/);
	subprocess.kill('SIGHUP');
	await waitForLine(subprocess.stderr!, /^sidecar: ignoring SIGHUP: signals\.SIGHUP routes it nowhere$/m);
	subprocess.kill('SIGTERM');
	const {stdout, exitCode} = await subprocess;
	t.is(exitCode, 0);
	t.notRegex(String(stdout), /got SIGHUP/);
});

test('SIGALRM can be routed by the table like any other', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {...unit, signals: {SIGALRM: 'main'}}});
	const subprocess = startCli(t, ['run'], {cwd});
	await waitForLine(subprocess.stdout!, /main ready/);
	subprocess.kill('SIGALRM');
	// print-signals.js has no handler for SIGALRM: main dies of it, and the unit exits as main did.
	const {exitCode, stderr} = await subprocess;
	t.is(exitCode, 142);
	t.notRegex(String(stderr), /ignoring/);
});
