import net from 'node:net';
import {constants} from 'node:os';

// A bound socket the supervisor holds: its fd (passed to children through stdio) and how to close it.
export type BoundHandle = {fd: number; close: () => void};

type PrivateHandle = {fd: number; close: () => void; getsockname?: (out: {port?: number}) => number};
type CreateServerHandle = (address: string, port: number, addressType: number, fd?: number, flags?: number) => PrivateHandle | number;

// The one use of a private Node API in sidecar (docs/sockets.md, How the socket is bound). Node offers no public way
// to bind a socket without accepting on it: a listening net.Server accepts connections itself. `_createServerHandle`
// (lib/net.js, used by the cluster module) binds and returns the handle without listening, so libuv never polls it.
// test/sockets/bind-handle.ts fails loudly if Node renames or changes it; the fallback is systemd-socket-activate.
export const createServerHandle = (net as unknown as {_createServerHandle?: CreateServerHandle})._createServerHandle;

// Binds a TCP address (host is an IP literal) or a unix socket path; a negative errno when the bind fails.
export function bindHandle(address: {host: string; port: number} | {path: string}): BoundHandle | number {
	if (createServerHandle === undefined) {
		throw new Error('Bug: bindHandle called without net._createServerHandle (hold-sockets.ts checks it first)');
	}

	const handle = 'path' in address
		? createServerHandle(address.path, -1, -1)
		: createServerHandle(address.host, address.port, net.isIP(address.host));
	if (typeof handle === 'number') {
		return handle;
	}

	// libuv defers a TCP bind's EADDRINUSE to its own listen, which sidecar does not call: a socket left unbound would
	// be given an ephemeral port by listen(2). An address without the port asked for is that error.
	const bound: {port?: number} = {};
	if (!('path' in address) && (handle.getsockname?.(bound) !== 0 || bound.port !== address.port)) {
		handle.close();
		return -constants.errno.EADDRINUSE;
	}

	return {fd: handle.fd, close: () => handle.close()};
}
