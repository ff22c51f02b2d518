import test from 'ava';
import {execa} from 'execa';
import {runCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {cpuMeter} from '../helpers/proc-usage.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';
import {freePort} from '../helpers/ports.js';
import {at, logged, startUnit} from '../helpers/unit.js';

// A tenth of a core: a gate's wait is a probe every interval and sleep between (docs/lifecycle.md, Probes).
const MAX_CORES = 0.1;

test('an external tcp gate that opens after 2 s releases main; status shows it waiting, for what', async t => {
	const port = await freePort();
	const unit = await startUnit(t, {
		main: {command: fixture('exit.js', '0', '100')},
		sidecars: {db: {readiness: {tcp: `127.0.0.1:${port}`, timeout: '20s'}}},
	}, logged);
	const [waiting] = await unit.until('db', 'waiting', 1, 10_000);
	t.is(waiting!.for, `tcp probe 127.0.0.1:${port}`);
	const status = await waitFor(async () => {
		const {stdout} = await runCli(['status', '--json'], {cwd: unit.cwd});
		return stdout === '' ? undefined : (JSON.parse(stdout) as {processes: Array<Record<string, unknown>>}).processes.find(({name}) => name === 'db');
	}, 10_000, 'status');
	t.like(status, {state: 'waiting', run: 'gate', pid: null, ready: false, waitingFor: `tcp probe 127.0.0.1:${port}`});
	t.deepEqual(unit.events('main', 'starting'), [], 'main waits for the gate');

	// The database is not part of the unit: the test starts it, and it listens 2 s later.
	const [node, ...args] = fixture('tcp-server.js', String(port), '2000');
	const database = execa(node!, args, {reject: false});
	t.teardown(() => database.kill('SIGKILL'));
	await waitForLine(database.stdout, /listening/, 10_000);
	const opened = Date.now();
	const [mainStart] = await unit.until('main', 'starting', 1, 10_000);
	t.true(at(mainStart!) >= opened - 200, 'main started once the port opened');
	t.true(at(mainStart!) - at(waiting!) >= 2000);
	const {exitCode} = await unit.supervisor;
	t.is(exitCode, 0);
});

test('a gate that never opens ends start-up with 69 at its timeout, and the supervisor sleeps while it waits', async t => {
	const port = await freePort();
	const unit = await startUnit(t, {
		main: {command: fixture('forever.js')},
		sidecars: {db: {readiness: {tcp: port, timeout: '3s'}}, cache: {command: fixture('forever.js'), dependsOn: ['db']}},
	}, logged);
	const [waiting] = await unit.until('db', 'waiting', 1, 10_000);
	const cores = cpuMeter(unit.supervisor.pid!);
	await waitFor(() => Date.now() - at(waiting!) >= 2500 || unit.supervisor.exitCode !== null, 10_000, 'the wait to be measured');
	const cpu = cores();
	const {exitCode, stderr} = await unit.supervisor;
	t.is(exitCode, 69);
	t.regex(String(stderr), new RegExp(`^sidecar: unable to start db: not ready after 3s \\(tcp probe: connect ECONNREFUSED 127\\.0\\.0\\.1:${port}\\)$`, 'm'));
	t.true(Date.now() - at(waiting!) >= 3000);
	t.log(`the supervisor used ${cpu.toFixed(3)} cores while the gate waited`);
	t.true(cpu < MAX_CORES, `the supervisor used ${cpu.toFixed(3)} cores while waiting`);
	t.deepEqual(unit.events('main', 'starting'), []);
	t.deepEqual(unit.events('cache', 'starting'), [], 'its dependents never started');
});
