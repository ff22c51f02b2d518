import {chmodSync, statSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {resolveIdentity, type UserDatabase} from '../../lib/process/users.js';
import {BIN, runCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';

const users: UserDatabase = {
	user: key => key === 'app' || key === 1000 ? {name: 'app', id: 1000, gid: 1000, home: '/home/app'} : null,
	group: key => key === 'web' ? 33 : (typeof key === 'number' ? key : null),
};
const spec = (user: string | number | null, group: string | number | null = null) => ({name: 'logship', user, group});
const root = {uid: 0, gid: 0};
const isRoot = process.getuid?.() === 0;
// As root, run the supervisor itself as nobody to see the refusal.
const asNobody = isRoot ? ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
// The checkout itself may be closed to nobody (a fresh clone in a 0700 temp folder): then there is nothing to run.
const binReadable = (await execa(asNobody[0] ?? process.execPath, [...asNobody.slice(1), ...(isRoot ? [process.execPath] : []), '-e', `require('fs').accessSync(${JSON.stringify(BIN)}, 4)`], {reject: false})).exitCode === 0;

test('a user name resolves to its ids, its primary group and its login variables', t => {
	t.deepEqual(resolveIdentity(spec('app'), users, root), {uid: 1000, gid: 1000, env: {USER: 'app', LOGNAME: 'app', HOME: '/home/app'}});
});

test('`group` overrides the primary group, by name or id', t => {
	t.is(resolveIdentity(spec('app', 'web'), users, root)?.gid, 33);
	t.is(resolveIdentity(spec(1000, '7'), users, root)?.gid, 7);
});

test('no user and no group: the child runs as the supervisor', t => {
	t.is(resolveIdentity(spec(null), users, root), null);
});

test('an unknown user or group is a clear error', t => {
	t.throws(() => resolveIdentity(spec('ghost'), users, root), {message: 'unable to run logship as user ghost: no such user'});
	t.throws(() => resolveIdentity(spec('app', 'ghosts'), users, root), {message: 'unable to run logship as user app: no such group ghosts'});
});

test('a supervisor that is not root cannot switch users', t => {
	t.throws(() => resolveIdentity(spec('app'), users, {uid: 500, gid: 500}), {message: 'unable to run logship as user app: the supervisor is not root'});
	t.truthy(resolveIdentity(spec('app'), users, {uid: 1000, gid: 1000}), 'naming itself is fine');
});

// Project folders are 0700 (mkdtemp): `nobody` needs to enter them.
const openProject = (t: Parameters<typeof makeProject>[0], files: Record<string, object>) => {
	const cwd = makeProject(t, files);
	chmodSync(cwd, 0o755);
	return cwd;
};

// Switching users needs a supervisor running as root; skipped otherwise.
(isRoot ? test : test.skip)('a sidecar runs as nobody, and its log file belongs to it', async t => {
	const cwd = openProject(t, {'sidecar.config.json': {
		name: `users-${process.pid}`,
		main: {command: fixture('exit.js', '0', '300')},
		sidecars: {who: {command: ['/bin/sh', '-c', 'echo "uid $(id -u) gid $(id -g) user $USER"; exec sleep 60'], user: 'nobody', logs: {file: 'logs/who.log'}}},
	}});
	const {exitCode, stdout} = await runCli(['run'], {cwd});
	t.is(exitCode, 0, stdout);
	t.regex(stdout, /who\s+\| uid 65534 gid 65534 user nobody/);
	t.is(statSync(path.join(cwd, 'logs/who.log')).uid, 65534);
});

// Skipped when the supervisor's own files cannot be read by the user it would run as.
(binReadable ? test : test.skip)('a supervisor that is not root refuses to start a process with a user, naming it', async t => {
	const cwd = openProject(t, {'sidecar.config.json': {name: `users-nonroot-${process.pid}`, main: {command: fixture('exit.js'), user: 'root'}}});
	const [file, ...args] = [...asNobody, process.execPath, BIN, 'run'];
	const {exitCode, stderr} = await execa(file!, args, {cwd, reject: false, env: {NO_COLOR: '1', XDG_RUNTIME_DIR: '', HOME: cwd}});
	t.is(exitCode, 78);
	t.regex(String(stderr), /unable to run main as user root: the supervisor is not root/);
});
