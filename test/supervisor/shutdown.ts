import test from 'ava';
import {fixture} from '../helpers/fixtures.js';
import {startCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';
import {isAlive, jsonLines} from '../helpers/processes.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';

for (const signal of ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const) {
	test(`${signal} stops main first, then the sidecars in reverse start order`, async t => {
		const cwd = makeProject(t, {'sidecar.config.json': {
			main: {command: fixture('stamp.js')},
			sidecars: {a: {command: fixture('stamp.js')}, b: {command: fixture('stamp.js'), dependsOn: ['a']}},
		}});
		const subprocess = startCli(t, ['run'], {cwd});
		await waitForLine(subprocess.stdout, /main +\| main started/);
		subprocess.kill(signal);
		const {exitCode, stdout} = await subprocess;
		t.is(exitCode, 0); // stamp.js exits 0 on SIGTERM
		const stopped = [...stdout.matchAll(/(\w+) stopped (\d+)/g)].map(match => [match[1], Number(match[2])] as const);
		t.deepEqual(stopped.map(([name]) => name), ['main', 'b', 'a']);
		t.true(stopped[0]![1] <= stopped[1]![1] && stopped[1]![1] <= stopped[2]![1]);
	});
}

test('a sidecar that ignores SIGTERM and forked a grandchild is SIGKILLed, tree and all, after stopTimeout', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		main: {command: fixture('exit.js', '0', '500')},
		sidecars: {stubborn: {command: fixture('fork-tree.js'), stopTimeout: '300ms'}},
	}});
	const subprocess = startCli(t, ['run', '--log-format', 'json'], {cwd});
	const [, parent, grandchild] = await waitForLine(subprocess.stdout, /tree (\d+) (\d+)/);
	const {exitCode, stdout} = await subprocess;
	t.is(exitCode, 0);
	t.false(isAlive(Number(parent)));
	t.false(isAlive(Number(grandchild)));
	const stopping = jsonLines(stdout).find(line => line.name === 'stubborn' && line.event === 'stopping')!;
	const stopped = jsonLines(stdout).find(line => line.name === 'stubborn' && line.event === 'stopped')!;
	t.regex(String(stopped.how), /SIGKILL after 300ms/);
	t.true(Date.parse(stopped.time as string) - Date.parse(stopping.time as string) >= 290);
});

test('a grandchild left behind by a sidecar that exited is ended at shutdown', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		main: {command: fixture('forever.js')},
		sidecars: {forker: {command: fixture('fork-tree.js', 'exit'), restart: 'never', stopTimeout: '200ms'}},
	}});
	const subprocess = startCli(t, ['run'], {cwd});
	const [, , grandchild] = await waitForLine(subprocess.stdout, /tree (\d+) (\d+)/);
	await waitForLine(subprocess.stdout, /forker exited/);
	t.true(isAlive(Number(grandchild)));
	subprocess.kill('SIGTERM');
	await subprocess;
	t.false(isAlive(Number(grandchild)));
});

test('a second SIGINT kills every tree at once', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {main: {command: fixture('ignore-term.js'), stopTimeout: '30s'}}});
	const subprocess = startCli(t, ['run'], {cwd});
	const [, pid] = await waitForLine(subprocess.stdout, /main +\| pid (\d+)/);
	subprocess.kill('SIGINT');
	await waitForLine(subprocess.stdout, /ignoring SIGTERM/);
	subprocess.kill('SIGINT');
	const {exitCode} = await subprocess;
	t.is(exitCode, 137);
	await waitFor(() => !isAlive(Number(pid)), 2000, 'main to be gone');
	t.false(isAlive(Number(pid)));
});

test('shutdown: \'parallel\' stops independent sidecars together, and a sidecar only after those that depend on it', async t => {
	const slow = (extra: Record<string, unknown> = {}) => ({command: fixture('slow-term.js', '800'), ...extra});
	const cwd = makeProject(t, {'sidecar.config.json': {
		shutdown: 'parallel',
		main: {command: fixture('exit.js', '0', '1500')},
		sidecars: {a: slow(), b: slow(), c: slow({dependsOn: ['a']})},
	}});
	const {exitCode, stdout} = await startCli(t, ['run', '--log-format', 'json'], {cwd});
	t.is(exitCode, 0);
	const times = (name: string, event: string) => Date.parse(String(jsonLines(stdout).find(line => line.name === name && line.event === event)?.time));
	t.true(times('b', 'stopping') < times('c', 'stopped'), 'b and c stop together');
	t.true(times('a', 'stopping') >= times('c', 'stopped'), 'a waits for c, which depends on it');
	t.true(times('a', 'stopped') - times('main', 'exited') < 2 * 800 + 1200, 'about two stop times, not three');
});
