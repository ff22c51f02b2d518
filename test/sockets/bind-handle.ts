import net from 'node:net';
import test from 'ava';
import {bindHandle, createServerHandle} from '../../lib/sockets/bind-handle.js';
import {loadSocketLibc} from '../../lib/sockets/libc-socket.js';
import {freePort} from '../helpers/ports.js';

// The private API sidecar relies on (lib/sockets/bind-handle.ts): if one of these fails after a Node upgrade, socket
// binding is broken; the fallback is systemd-socket-activate (docs/sockets.md).
test('Node still has net._createServerHandle, the private function sockets are bound with', t => {
	t.is(typeof createServerHandle, 'function', 'net._createServerHandle is gone: lib/sockets/bind-handle.ts needs a new way to bind');
});

test('a bound handle has an fd, and listen(2) on it queues a connection that the supervisor never accepts', async t => {
	const libc = loadSocketLibc();
	if ('error' in libc) {
		t.fail(libc.error);
		return;
	}

	const port = await freePort();
	const handle = bindHandle({host: '127.0.0.1', port});
	if (typeof handle === 'number') {
		t.fail(`bind failed with errno ${handle}`);
		return;
	}

	t.teardown(() => handle.close());
	t.true(handle.fd > 2);
	t.true(libc.listen(handle.fd, 16));
	const client = net.connect(port, '127.0.0.1');
	await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('error', reject));
	client.destroy();
	t.pass('connected into the backlog');
});

test('a bind to a taken port returns a negative errno, not a throw', async t => {
	const server = net.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	t.teardown(() => server.close());
	const handle = bindHandle({host: '127.0.0.1', port: (server.address() as net.AddressInfo).port});
	t.is(typeof handle, 'number');
	t.true((handle as number) < 0);
});
