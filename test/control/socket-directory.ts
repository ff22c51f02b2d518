import {chmodSync, chownSync, mkdirSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import {assertNoNodeNoise, BIN, runCli} from '../helpers/cli.js';
import {AS_NOBODY, nobodyCanRunCheckout} from '../helpers/nobody.js';
import {makeProject} from '../helpers/project.js';

const uid = process.getuid?.() ?? 0;
const isRoot = uid === 0;

// A project whose main prints the socket it was given, and a private TMPDIR beside it; both open to nobody.
function project(t: ExecutionContext) {
	const cwd = makeProject(t, {'sidecar.config.json': {name: 'sockets', main: {command: ['sh', '-c', 'echo "socket $SIDECAR_SOCKET"']}}});
	const tmp = path.join(cwd, 'tmp');
	mkdirSync(tmp);
	chmodSync(cwd, 0o755);
	chmodSync(tmp, 0o1777);
	return {cwd, tmp};
}

(nobodyCanRunCheckout ? test : test.skip)('as nobody, a stale XDG_RUNTIME_DIR (root\'s, after `su`) falls back to a private TMPDIR/sidecar-UID, and says so in one line', async t => {
	const {cwd, tmp} = project(t);
	const stale = path.join(cwd, 'run-user-0');
	mkdirSync(stale, {mode: 0o700}); // Root's, 0700: nobody can neither write nor enter it.
	const [command, ...args] = [...AS_NOBODY, process.execPath, BIN, 'run'];
	const result = await execa(command!, args, {cwd, reject: false, env: {NO_COLOR: '1', XDG_RUNTIME_DIR: stale, TMPDIR: tmp, HOME: cwd}});
	assertNoNodeNoise(result.stderr);
	t.is(result.exitCode, 0, result.stderr);
	const fallback = path.join(tmp, 'sidecar-65534');
	t.is(result.stderr, `sidecar: warning: XDG_RUNTIME_DIR ${stale} is unusable (EACCES): the control socket is in ${fallback}`);
	t.regex(result.stdout, new RegExp(`socket ${fallback}/sockets\\.sock$`, 'm'));
	const info = statSync(fallback);
	t.is(info.mode & 0o777, 0o700);
	t.is(info.uid, 65_534);
});

test('a missing XDG_RUNTIME_DIR is passed over for TMPDIR/sidecar-UID, with one line saying so', async t => {
	const {cwd, tmp} = project(t);
	const missing = path.join(cwd, 'gone');
	const {exitCode, stdout, stderr} = await runCli(['run'], {cwd, env: {XDG_RUNTIME_DIR: missing, TMPDIR: tmp}});
	t.is(exitCode, 0, stderr);
	t.is(stderr, `sidecar: warning: XDG_RUNTIME_DIR ${missing} is unusable (ENOENT): the control socket is in ${tmp}/sidecar-${uid}`);
	t.regex(stdout, new RegExp(`socket ${tmp}/sidecar-${uid}/sockets\\.sock$`, 'm'));
});

test('TMPDIR pointing at a file is one line naming the directory and the errno, exit 69', async t => {
	const {cwd} = project(t);
	const file = path.join(cwd, 'not-a-folder');
	writeFileSync(file, 'x');
	const {exitCode, stdout, stderr} = await runCli(['run'], {cwd, env: {TMPDIR: file}});
	t.is(exitCode, 69);
	t.is(stderr, `sidecar: unable to start unit "sockets": ${file}/sidecar-${uid} cannot be made for the control socket: ENOTDIR`);
	t.notRegex(stdout, /socket /, 'nothing started');
});

test('a private socket directory with a wider mode is refused, not repaired', async t => {
	const {cwd, tmp} = project(t);
	const directory = path.join(tmp, `sidecar-${uid}`);
	mkdirSync(directory);
	chmodSync(directory, 0o755);
	const {exitCode, stderr} = await runCli(['run'], {cwd, env: {TMPDIR: tmp}});
	t.is(exitCode, 69);
	t.is(stderr, `sidecar: unable to start unit "sockets": ${directory} has mode 0755, expected 0700`);
	t.is(statSync(directory).mode & 0o777, 0o755);
});

(isRoot ? test : test.skip)('a private socket directory owned by another user is refused', async t => {
	const {cwd, tmp} = project(t);
	const directory = path.join(tmp, `sidecar-${uid}`);
	mkdirSync(directory, {mode: 0o700});
	chownSync(directory, 65_534, 65_534);
	const {exitCode, stderr} = await runCli(['run'], {cwd, env: {TMPDIR: tmp}});
	t.is(exitCode, 69);
	t.is(stderr, `sidecar: unable to start unit "sockets": ${directory} is not a directory owned by this user`);
});
