import test from 'ava';
import {runCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {runtimeDir, startUnit, uniqueName, waitAllReady} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';

const config = (name: string) => ({name, main: {command: fixture('forever.js')}, sidecars: {logship: {command: fixture('forever.js')}}});

test('status --json has the shape docs/control.md shows', async t => {
	const unit = await startUnit(t, config(uniqueName('status-json')));
	await waitAllReady(unit);
	const {exitCode, stdout} = await unit.cli(['status', '--json']);
	t.is(exitCode, 0);
	const status = JSON.parse(stdout) as {name: string; supervisorPid: number; processes: Array<Record<string, unknown>>};
	t.is(status.supervisorPid, unit.supervisor.pid!);
	t.deepEqual(status.processes.map(process => [process.name, process.kind]), [['main', 'main'], ['logship', 'sidecar']]);
	for (const process of status.processes) {
		t.is(typeof process.pid, 'number');
		t.true(['ready', 'running'].includes(process.state as string));
		t.is(process.ready, true);
		t.is(process.restarts, 0);
		t.is(typeof process.uptimeMs, 'number');
		t.is(typeof process.cpu, 'number');
		t.is(typeof process.memory, 'number');
		t.true(['cgroup', 'polling', 'none'].includes((process.limits as {enforcement: string}).enforcement));
	}
});

type Row = {name: string; pid: number | null; state: string; cpu: number | null; memory: number | null};
const rows = async (unit: {cli: (args: string[]) => Promise<{stdout: string}>}): Promise<Map<string, Row>> =>
	new Map((JSON.parse((await unit.cli(['status', '--json'])).stdout) as {processes: Row[]}).processes.map(row => [row.name, row]));

// issue 11, item 8: main in a default unit (no limits) showed `cpu: null` until the first 5 s sample.
test('cpu and memory are numbers for every running process from its start, and null once it is not running', async t => {
	const unit = await startUnit(t, {
		name: uniqueName('status-usage'),
		main: {command: fixture('spin-cpu.js')},
		sidecars: {once: {command: fixture('exit.js', '0', '1500'), restart: 'never'}},
	});
	const first = (await rows(unit)).get('main')!;
	t.is(typeof first.cpu, 'number', 'at once, before any tick');
	// At once it may still be setpriv, or inside execve with main's memory not yet mapped (rss 0 for that moment):
	// a number, not yet main's own size. Main's own size is asserted once a tick has measured it, below.
	t.is(typeof first.memory, 'number', `${first.memory}`);
	await waitFor(async () => (await rows(unit)).get('once')?.state === 'exited', 20_000, 'the sidecar to exit');
	const later = await waitFor(async () => {
		const main = (await rows(unit)).get('main')!;
		return main.cpu! > 0.05 ? main : undefined; // A busy loop: a real share of a core once a tick has measured it.
	}, 20_000, 'main\'s cpu to be measured');
	t.true(later.memory! > 1024 * 1024);
	const once = (await rows(unit)).get('once')!;
	t.deepEqual([once.pid, once.cpu, once.memory], [null, null, null]);
});

test('status prints a table with every column', async t => {
	const unit = await startUnit(t, config(uniqueName('status-table')));
	const {exitCode, stdout} = await unit.cli(['status']);
	t.is(exitCode, 0);
	const [title, header, ...rows] = stdout.trim().split('\n');
	t.regex(title!, new RegExp(`supervisor pid ${unit.supervisor.pid}`));
	t.deepEqual(header!.split(/\s+/), ['NAME', 'STATE', 'PID', 'UPTIME', 'RESTARTS', 'CPU', 'MEMORY', 'READY', 'ENFORCEMENT']);
	t.deepEqual(rows.map(row => row.split(/\s+/)[0]), ['main', 'logship']);
});

test('--name finds the unit from any directory', async t => {
	const name = uniqueName('status-name');
	const unit = await startUnit(t, config(name));
	const {exitCode, stdout} = await runCli(['status', '--json', '--name', name], {cwd: makeProject(t), env: unit.env});
	t.is(exitCode, 0);
	t.is(JSON.parse(stdout).name, name);
});

test('--socket finds the unit by its path', async t => {
	const unit = await startUnit(t, config(uniqueName('status-socket')));
	const {exitCode} = await runCli(['status', '--socket', unit.socket], {cwd: makeProject(t), env: unit.env});
	t.is(exitCode, 0);
});

test('with no supervisor running it says so in one line and exits 1', async t => {
	const env = {XDG_RUNTIME_DIR: runtimeDir(t)};
	const name = uniqueName('status-none');
	const {exitCode, stderr} = await runCli(['status'], {cwd: makeProject(t, {'sidecar.config.json': config(name)}), env});
	t.is(exitCode, 1);
	t.is(stderr.trim(), `sidecar: no supervisor named ${name} is running (socket ${env.XDG_RUNTIME_DIR}/sidecar/${name}.sock)`);
});
