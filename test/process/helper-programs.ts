import {chmodSync, mkdirSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {findProgram, missingTreeHelpers} from '../../lib/process/helper-programs.js';
import {runCli, startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {survivors} from '../helpers/processes.js';
import {makeProject} from '../helpers/project.js';
import {runtimeDir, uniqueName} from '../helpers/unit.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';

// A PATH of a slim image: node and sh only (no ps, no setpriv, no getconf).
function barePath(t: ExecutionContext): string {
	const directory = makeProject(t);
	symlinkSync(process.execPath, path.join(directory, 'node'));
	symlinkSync('/bin/sh', path.join(directory, 'sh'));
	return directory;
}

const count = (text: string, pattern: RegExp): number => text.split('\n').filter(line => pattern.test(line)).length;

test('a program is found on PATH as a spawn would find it, and only when it is an executable file', t => {
	const directory = makeProject(t);
	writeFileSync(path.join(directory, 'tool'), '#!/bin/sh\n');
	writeFileSync(path.join(directory, 'plain'), '');
	mkdirSync(path.join(directory, 'folder'));
	chmodSync(path.join(directory, 'tool'), 0o755);
	chmodSync(path.join(directory, 'folder'), 0o755);
	t.is(findProgram('tool', `/nowhere:${directory}`), path.join(directory, 'tool'));
	t.is(findProgram('plain', directory), null);
	t.is(findProgram('folder', directory), null);
	t.regex(findProgram('sh', undefined) ?? '', /^\/(usr\/)?bin\/sh$/, 'no PATH: /usr/bin:/bin, as libuv');
});

test('helpers of the portable path are asked for only when there is no /proc table', t => {
	const bare = barePath(t);
	t.deepEqual(missingTreeHelpers({PATH: bare}), [], 'Linux reads /proc itself: no ps needed');
	t.deepEqual(missingTreeHelpers({PATH: bare, SIDECAR_PROC_TABLE: 'off'}).map(({program}) => program), ['ps']);
	t.deepEqual(missingTreeHelpers({PATH: process.env.PATH, SIDECAR_PROC_TABLE: 'off'}), []);
});

// issue 11, item 3: tree-kill spawned ps with no error handler, so the first SIGKILL escalation crashed the supervisor.
const stubbornUnit = test.macro(async (t, portable: boolean) => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		name: uniqueName('no-helpers'),
		main: {command: fixture('exit.js', '3', '500')},
		sidecars: {
			tree: {command: fixture('fork-tree.js'), stopTimeout: '300ms'},
			stubborn: {command: fixture('ignore-term.js'), stopTimeout: '300ms'},
		},
	}});
	const env = {PATH: barePath(t), XDG_RUNTIME_DIR: runtimeDir(t), ...(portable ? {SIDECAR_PROC_TABLE: 'off'} : {})};
	const {exitCode, stdout} = await runCli(['run'], {cwd, env});
	const [, child, grandchild] = /tree +\| tree (\d+) (\d+)/.exec(stdout) ?? [];
	const [, stubborn] = /stubborn +\| pid (\d+)/.exec(stdout) ?? [];
	const pids = [child, grandchild, stubborn].map(Number);
	t.teardown(() => survivors(pids).forEach(pid => process.kill(pid, 'SIGKILL')));
	t.is(exitCode, 3, stdout);
	t.is(count(stdout, /helper-missing \(program setpriv, lost children are not killed at once/), 1);
	t.is(count(stdout, /helper-missing \(program ps, lost cpu and memory are not measured/), portable ? 1 : 0);
	t.regex(stdout, /tree stopped \(pid \d+, how SIGKILL after 300ms\)/);
	t.regex(stdout, /stubborn stopped \(pid \d+, how SIGKILL after 300ms\)/);
	t.false(pids.some(pid => Number.isNaN(pid)), stdout);
	t.deepEqual(survivors(pids), []);
});

test('without ps or setpriv, on the portable path, SIGTERM-ignoring trees are killed and main\'s code is the exit code', stubbornUnit, true);
test('without ps or setpriv, on Linux, SIGTERM-ignoring trees are killed and main\'s code is the exit code', stubbornUnit, false);

test('without setpriv a SIGKILLed supervisor still leaves nothing: the group watcher ends every group', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		name: uniqueName('no-setpriv'),
		main: {command: fixture('forever.js')},
		sidecars: {tree: {command: fixture('fork-tree.js')}},
	}});
	const supervisor = startCli(t, ['run'], {cwd, env: {PATH: barePath(t), XDG_RUNTIME_DIR: runtimeDir(t)}});
	const [, child, grandchild, main] = await waitForLine(supervisor.stdout!, /tree (\d+) (\d+)[\s\S]*main\s+\| pid (\d+)/);
	const pids = [child, grandchild, main].map(Number);
	t.teardown(() => survivors(pids).forEach(pid => process.kill(pid, 'SIGKILL')));
	supervisor.kill('SIGKILL');
	const {stdout} = await supervisor;
	t.is(count(String(stdout), /helper-missing \(program setpriv/), 1);
	await waitFor(() => survivors(pids).length === 0, 3000, 'every child and grandchild to die').catch(() => {});
	t.deepEqual(survivors(pids), []);
});
