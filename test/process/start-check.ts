import {chmodSync, chownSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {resolveConfig} from '../../lib/config/resolve.js';
import {findStartFailure} from '../../lib/process/start-check.js';
import {refuseUnstartable, type Child, type SpawnChild} from '../../lib/process/spawn.js';
import {makeProject} from '../helpers/project.js';

const isRoot = process.getuid?.() === 0;
const NOBODY = {uid: 65_534, gid: 65_534};

// A folder with `bin/` (tool, executable), `noexec/` (tool, mode 644) and `dir/tool/` (a directory).
function toolbox(t: ExecutionContext): string {
	const cwd = makeProject(t, {'bin/tool': '#!/bin/sh\nexit 0\n', 'noexec/tool': '#!/bin/sh\nexit 0\n', 'dir/tool/keep': ''});
	chmodSync(path.join(cwd, 'bin/tool'), 0o755);
	chmodSync(path.join(cwd, 'noexec/tool'), 0o644);
	return cwd;
}

test('a command found on PATH starts', t => {
	const cwd = toolbox(t);
	t.is(findStartFailure('tool', cwd, `/nonexistent:${cwd}/bin`, null), null);
	t.is(findStartFailure('sh', cwd, '/usr/bin:/bin', null), null);
});

test('a command on no PATH entry is not found, exit 127', t => {
	const cwd = toolbox(t);
	t.deepEqual(findStartFailure('definitely-not-a-binary', cwd, `/nonexistent:${cwd}/bin`, null), {field: 'command', reason: 'definitely-not-a-binary: not found', code: 127});
});

test('as execvp, a file that is not executable is passed over for a later PATH entry', t => {
	const cwd = toolbox(t);
	t.is(findStartFailure('tool', cwd, `${cwd}/noexec:${cwd}/dir:${cwd}/bin`, null), null);
});

test('a file found on PATH that cannot run is "not executable", exit 126, naming where it was found', t => {
	const cwd = toolbox(t);
	t.deepEqual(findStartFailure('tool', cwd, `/nonexistent:${cwd}/noexec`, null), {field: 'command', reason: `tool: not executable (${cwd}/noexec/tool)`, code: 126});
	t.deepEqual(findStartFailure('tool', cwd, `${cwd}/dir`, null), {field: 'command', reason: `tool: is a directory (${cwd}/dir/tool)`, code: 126});
});

test('an empty PATH entry is the cwd; no PATH at all is /usr/bin:/bin', t => {
	const cwd = toolbox(t);
	t.is(findStartFailure('tool', path.join(cwd, 'bin'), '/nonexistent::', null), null);
	t.is(findStartFailure('sh', cwd, undefined, null), null);
	t.is(findStartFailure('tool', cwd, undefined, null)?.code, 127);
});

test('a command with a slash is taken relative to the cwd, never searched on PATH', t => {
	const cwd = toolbox(t);
	t.is(findStartFailure('./bin/tool', cwd, '', null), null);
	t.is(findStartFailure(`${cwd}/bin/tool`, '/', '', null), null);
	t.deepEqual(findStartFailure('./tool', cwd, `${cwd}/bin`, null), {field: 'command', reason: './tool: no such file', code: 127});
	t.deepEqual(findStartFailure('/nonexistent/ghost', cwd, `${cwd}/bin`, null), {field: 'command', reason: '/nonexistent/ghost: no such file', code: 127});
	t.deepEqual(findStartFailure('noexec/tool', cwd, '', null), {field: 'command', reason: 'noexec/tool: not executable', code: 126});
	t.deepEqual(findStartFailure('./dir/tool', cwd, '', null), {field: 'command', reason: './dir/tool: is a directory', code: 126});
});

test('a cwd that does not exist, or is a file, is named before the command', t => {
	const cwd = toolbox(t);
	t.deepEqual(findStartFailure('sh', path.join(cwd, 'nowhere'), '/bin', null), {field: 'cwd', reason: `${cwd}/nowhere: no such directory`, code: 127});
	t.deepEqual(findStartFailure('sh', path.join(cwd, 'bin/tool'), '/bin', null), {field: 'cwd', reason: `${cwd}/bin/tool: not a directory`, code: 127});
});

(isRoot ? test : test.skip)('for another user, the mode bits decide (a root-only tool, a root-only cwd)', t => {
	const cwd = toolbox(t);
	chmodSync(cwd, 0o755); // mkdtemp's 0700 would stop nobody at the cwd.
	mkdirSync(path.join(cwd, 'private'), {mode: 0o700});
	writeFileSync(path.join(cwd, 'private-tool'), '#!/bin/sh\n', {mode: 0o700});
	t.is(findStartFailure('./bin/tool', cwd, '', NOBODY), null, 'world-executable');
	t.is(findStartFailure('./private-tool', cwd, '', null), null, 'root itself may run it');
	t.deepEqual(findStartFailure('./private-tool', cwd, '', NOBODY), {field: 'command', reason: './private-tool: not executable', code: 126});
	t.deepEqual(findStartFailure('sh', path.join(cwd, 'private'), '/bin', NOBODY), {field: 'cwd', reason: `${cwd}/private: permission denied`, code: 126});
	chownSync(path.join(cwd, 'private-tool'), NOBODY.uid, NOBODY.gid);
	t.is(findStartFailure('./private-tool', cwd, '', NOBODY), null, 'its owner may');
});

// A spawn that records its calls and starts nothing.
function recordingSpawn(): {spawn: SpawnChild; calls: string[][]} {
	const calls: string[][] = [];
	const spawn: SpawnChild = spec => {
		calls.push(spec.command);
		return {pid: 4242, exited: new Promise(() => {})} as unknown as Child;
	};

	return {spawn, calls};
}

const specFor = (directory: string, command: string[], cwd = '.') =>
	resolveConfig({main: {command, cwd}}, directory).main;

test('a command that cannot start is not spawned: its exit carries the reason and the shell\'s code', async t => {
	const cwd = toolbox(t);
	const {spawn, calls} = recordingSpawn();
	const child = refuseUnstartable(spawn)(specFor(cwd, ['definitely-not-a-binary', '--port', '1']), {});
	t.deepEqual(calls, []);
	t.is(child.pid, -1);
	t.deepEqual(await child.exited, {code: 127, signal: null, error: 'unable to start main: definitely-not-a-binary: not found'});
	const away = refuseUnstartable(spawn)(specFor(cwd, ['sh'], 'nowhere'), {});
	t.deepEqual(await away.exited, {code: 127, signal: null, error: `unable to start main: cwd ${cwd}/nowhere: no such directory`});
	const local = refuseUnstartable(spawn)(specFor(cwd, ['./noexec/tool']), {});
	t.deepEqual(await local.exited, {code: 126, signal: null, error: 'unable to start main: ./noexec/tool: not executable'});
	t.deepEqual(calls, []);
});

test('a command that can start is spawned unchanged; the child\'s own PATH is the one searched', t => {
	const cwd = toolbox(t);
	const {spawn, calls} = recordingSpawn();
	const spec = {...specFor(cwd, ['tool', 'a']), env: {PATH: `${cwd}/bin`}};
	t.is(refuseUnstartable(spawn)(spec, {}).pid, 4242);
	t.is(refuseUnstartable(spawn)(specFor(cwd, ['/bin/sh', '-c', 'exit 3']), {}).pid, 4242, 'a string command: /bin/sh');
	t.deepEqual(calls, [['tool', 'a'], ['/bin/sh', '-c', 'exit 3']]);
	t.is(refuseUnstartable(spawn)({...spec, env: {PATH: '/nonexistent'}}, {}).pid, -1);
});
