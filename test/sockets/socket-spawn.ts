import test from 'ava';
import {activatedFds, forgetActivation} from '../../lib/sockets/activated-fds.js';
import {listenPidCommand} from '../../lib/sockets/socket-spawn.js';

test('an array command runs behind a shell that sets LISTEN_PID and execs it', t => {
	t.deepEqual(listenPidCommand(['node', 'server.js']), ['/bin/sh', '-c', 'LISTEN_PID=$$; export LISTEN_PID; exec "$@"', 'sidecar-listen', 'node', 'server.js']);
});

test('a simple shell command gets the assignment and exec in front', t => {
	t.deepEqual(listenPidCommand(['/bin/sh', '-c', 'node server.js --port 1']), ['/bin/sh', '-c', 'LISTEN_PID=$$; export LISTEN_PID; exec node server.js --port 1']);
});

test('a compound shell command gets the assignment only (it must end in its own exec)', t => {
	t.deepEqual(listenPidCommand(['/bin/sh', '-c', 'cd web && exec node server.js']), ['/bin/sh', '-c', 'LISTEN_PID=$$; export LISTEN_PID; cd web && exec node server.js']);
	t.deepEqual(listenPidCommand(['/bin/sh', '-c', 'PORT=1 node a.js']), ['/bin/sh', '-c', 'LISTEN_PID=$$; export LISTEN_PID; PORT=1 node a.js']);
});

test('fds systemd passed to this pid are taken by name', t => {
	const env = {LISTEN_FDS: '2', LISTEN_PID: '42', LISTEN_FDNAMES: 'admin:http'};
	t.deepEqual([...activatedFds(env, 42, ['http', 'admin'])], [['admin', 3], ['http', 4]]);
	forgetActivation(env);
	t.deepEqual(env, {});
});

test('fds for another pid are not ours', t => {
	t.is(activatedFds({LISTEN_FDS: '1', LISTEN_PID: '7'}, 42, ['http']).size, 0);
});

test('without names, the fds are taken in the order of the config', t => {
	t.deepEqual([...activatedFds({LISTEN_FDS: '1', LISTEN_PID: '42'}, 42, ['http', 'admin'])], [['http', 3]]);
});
