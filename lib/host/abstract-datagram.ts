import {createRequire} from 'node:module';
import os from 'node:os';
import {getSystemErrorMap} from 'node:util';

// libc's socket(2), sendto(2) and close(2), through koffi.
export type DatagramCalls = {
	socket: (domain: number, type: number, protocol: number) => number;
	sendto: (fd: number, data: Buffer, length: number, flags: number, address: Buffer, addressLength: number) => number;
	close: (fd: number) => number;
	errno: () => number;
};

const AF_UNIX = 1;
const SOCK_DGRAM = 2;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;
const MSG_DONTWAIT = 0x40;
const MSG_NOSIGNAL = 0x4000;

const require = createRequire(import.meta.url);

// koffi (an optional dependency shipped prebuilt) binds the C calls from the running node's own symbols, glibc or musl.
export function loadDatagramCalls(): DatagramCalls {
	const koffi = require('koffi') as {load: (path: null) => {func: (signature: string) => unknown}; errno: () => number};
	const self = koffi.load(null);
	return {
		socket: self.func('int socket(int domain, int type, int protocol)') as DatagramCalls['socket'],
		sendto: self.func('intptr_t sendto(int fd, const void *data, size_t length, int flags, const void *address, uint32_t addressLength)') as DatagramCalls['sendto'],
		close: self.func('int close(int fd)') as DatagramCalls['close'],
		errno: () => koffi.errno(),
	};
}

// A Linux abstract socket (`@name` in NOTIFY_SOCKET, sd_notify(3)) is addressed by a leading NUL and an exact length.
// node-unix-socket copies the address as a C string, so its NUL ends the name (strace shows a 108-NUL address): these
// go through sendto(2) itself. The socket is non-blocking: a full receive queue is an error, never a stalled unit.
export function sendAbstractDatagrams(name: string, calls: DatagramCalls) {
	const fd = calls.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		throw new Error(`socket: ${describe(calls.errno())}`);
	}

	const path = Buffer.from(`\0${name}`);
	const address = Buffer.alloc(2 + path.length);
	if (os.endianness() === 'LE') { // sa_family_t is in host byte order.
		address.writeUInt16LE(AF_UNIX);
	} else {
		address.writeUInt16BE(AF_UNIX);
	}

	path.copy(address, 2);
	return {
		send(message: string): string | null {
			const data = Buffer.from(message);
			return calls.sendto(fd, data, data.length, MSG_DONTWAIT | MSG_NOSIGNAL, address, address.length) < 0 ? describe(calls.errno()) : null;
		},
		close() {
			calls.close(fd);
		},
	};
}

const describe = (errno: number) => {
	const [code, text] = getSystemErrorMap().get(-errno) ?? [`errno ${errno}`, 'unknown error'];
	return `${text} (${code})`;
};
