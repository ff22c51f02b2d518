import test from 'ava';
import {EXIT, SidecarError} from '../../lib/errors.js';
import {holdSockets} from '../../lib/sockets/hold-sockets.js';
import {loadSocketLibc} from '../../lib/sockets/libc-socket.js';
import {freePort} from '../helpers/ports.js';

// The failure paths of holding sockets (lib/sockets/hold-sockets.ts); the working ones are in held-sockets.ts.
test('without koffi, a bind fails with 69 naming the socket and the fallback', async t => {
	const libc = loadSocketLibc(() => {
		throw new Error('Cannot find module \'koffi\'');
	});
	const port = await freePort();
	const error = await t.throwsAsync(holdSockets([{name: 'http', backlog: 511, kind: 'tcp', host: '127.0.0.1', port}], libc, {}, process.pid), {instanceOf: SidecarError});
	t.is(error?.exitCode, EXIT.unavailable);
	t.regex(error?.message ?? '', new RegExp(`^unable to bind socket http \\(127\\.0\\.0\\.1:${port}\\): the optional package koffi could not be loaded .*systemd-socket-activate`));
});

test('a socket systemd passed is taken, not bound, and the LISTEN_* variables are removed', async t => {
	const env: Record<string, string | undefined> = {LISTEN_FDS: '1', LISTEN_PID: String(process.pid), LISTEN_FDNAMES: 'http', KEEP: '1'};
	const libc = {listen: () => false, closeOnExec: () => true};
	const held = await holdSockets([{name: 'http', backlog: 511, kind: 'tcp', host: '127.0.0.1', port: 1}], libc, env, process.pid);
	t.deepEqual(held.map(({name, fd, activated}) => ({name, fd, activated})), [{name: 'http', fd: 3, activated: true}]);
	t.deepEqual(env, {KEEP: '1'});
});
