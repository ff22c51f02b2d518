import {readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import {endLeftovers, recordPath, startTime, writeRecord} from '../../lib/process/leftovers.js';
import {runCli, startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {isAlive, survivors} from '../helpers/processes.js';
import {makeProject} from '../helpers/project.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';

const NO_SUCH_PID = 4_194_303; // Above any pid_max in practice: a predecessor that is surely gone.

// A detached process that a test may or may not expect endLeftovers to end; killed at teardown either way.
async function startVictim(t: ExecutionContext, env: Record<string, string> = {}): Promise<{pid: number; start: number}> {
	const victim = execa(fixture('forever.js')[0]!, fixture('forever.js').slice(1), {detached: true, reject: false, env});
	t.teardown(() => {
		victim.kill('SIGKILL');
	});
	await waitForLine(victim.stdout, /pid \d+/);
	return {pid: victim.pid!, start: startTime(victim.pid!)!};
}

const recordIn = (t: ExecutionContext) => path.join(makeProject(t), 'unit.pids');

test('a recorded group whose leader still has its start time is ended', async t => {
	const file = recordIn(t);
	const victim = await startVictim(t);
	writeRecord(file, {supervisor: {pid: NO_SUCH_PID, start: 1}, marker: ['SIDECAR_SOCKET=/nowhere'], watcher: null, groups: [{pgid: victim.pid, start: victim.start}]});
	t.deepEqual(await endLeftovers(file), [victim.pid]);
	t.false(isAlive(victim.pid));
});

test('a recycled pid (same number, later start time) is never killed', async t => {
	const file = recordIn(t);
	const victim = await startVictim(t);
	writeRecord(file, {supervisor: {pid: NO_SUCH_PID, start: 1}, marker: ['SIDECAR_SOCKET=/nowhere'], watcher: null, groups: [{pgid: victim.pid, start: victim.start - 1}]});
	t.deepEqual(await endLeftovers(file), []);
	t.true(isAlive(victim.pid));
});

test('a process that left its group but carries the dead supervisor\'s marker is ended', async t => {
	const file = recordIn(t);
	const marker = {SIDECAR_SUPERVISOR_PID: String(NO_SUCH_PID), SIDECAR_SOCKET: `/nowhere/${process.pid}.sock`};
	const victim = await startVictim(t, marker);
	writeRecord(file, {supervisor: {pid: NO_SUCH_PID, start: 1}, marker: Object.entries(marker).map(([key, value]) => `${key}=${value}`), watcher: null, groups: []});
	t.deepEqual(await endLeftovers(file), [victim.pid]);
});

test('the children of a live twin are left alone', async t => {
	const file = recordIn(t);
	const twin = await startVictim(t);
	writeRecord(file, {supervisor: twin, marker: [], watcher: null, groups: [{pgid: twin.pid, start: twin.start}]});
	t.deepEqual(await endLeftovers(file), []);
	t.true(isAlive(twin.pid));
});

test('the next run ends a grandchild that a SIGKILLed supervisor and its watcher left behind', async t => {
	const name = `leftovers-${process.pid}`;
	const cwd = makeProject(t, {'sidecar.config.json': {name, main: {command: fixture('forever.js')}, sidecars: {tree: {command: fixture('fork-tree.js'), stopTimeout: '200ms'}}}});
	const supervisor = startCli(t, ['run'], {cwd});
	const [, child, grandchild] = await waitForLine(supervisor.stdout!, /tree (\d+) (\d+)/);
	const pids = [Number(child), Number(grandchild)];
	t.teardown(() => survivors(pids).forEach(pid => process.kill(pid, 'SIGKILL')));
	const record = JSON.parse(readFileSync(recordPath(path.join(os.tmpdir(), `sidecar-${os.userInfo().uid}`, `${name}.sock`)), 'utf8')) as {watcher: number};
	process.kill(record.watcher, 'SIGKILL');
	supervisor.kill('SIGKILL');
	await supervisor;
	await waitFor(() => !isAlive(Number(child)), 3000, 'the child to die of its parent-death signal');
	t.true(isAlive(Number(grandchild)), 'with the watcher gone, the grandchild survives the first run');

	const next = await runCli(['run', '--', ...fixture('exit.js', '0')], {cwd});
	t.regex(next.stdout, new RegExp(`leftovers \\(ended [\\d ]*\\b${grandchild}\\b`));
	t.deepEqual(survivors(pids), []);
});
