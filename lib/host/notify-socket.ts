import {createRequire} from 'node:module';
import {EXIT, SidecarError} from '../errors.js';

// One bound AF_UNIX datagram socket; close() unbinds it.
export type NotifySocket = {close: () => void};

type DgramSocket = {
	bind: (path: string) => void;
	close: () => void;
	on: (event: 'data' | 'error', listener: (data: Buffer & Error) => void) => void;
};

const require = createRequire(import.meta.url);
const loadPackage = () => require('node-unix-socket') as {DgramSocket: new () => DgramSocket};

// Node has no AF_UNIX datagram sockets (nodejs/node#29339), so the receiving end of a process's NOTIFY_SOCKET is
// node-unix-socket's DgramSocket (an N-API addon shipped prebuilt for Linux and macOS, x64 and arm64, glibc and musl:
// no compiler at install, nothing spawned; docs/host.md says why not socat or python3). It is an optional dependency,
// loaded on first use: a host without it gets this error naming what is missing, never a crash.
export function bindNotifySocket(path: string, onMessage: (message: string) => void, onError: (reason: string) => void, load = loadPackage): NotifySocket {
	let Socket: new () => DgramSocket;
	try {
		({DgramSocket: Socket} = load());
	} catch (error) {
		throw new SidecarError(`unable to receive sd_notify messages: the optional package node-unix-socket could not be loaded (${(error as Error).message.split('\n')[0]}); install it with \`npm install node-unix-socket@0\`, or use readiness {notify: true}`, EXIT.unavailable, {cause: error});
	}

	const socket = new Socket();
	socket.on('error', error => {
		onError(error.message);
	});
	socket.on('data', data => {
		onMessage(data.toString('utf8'));
	});
	try {
		socket.bind(path);
	} catch (error) {
		socket.close();
		throw new SidecarError(`unable to bind the notify socket ${path}: ${(error as Error).message}`, EXIT.unavailable, {cause: error});
	}

	return {close: () => {
		socket.close();
	}};
}
