import {createRequire} from 'node:module';

type Koffi = {load: (name: string) => {func: (signature: string) => (...args: unknown[]) => number}};

// The two socket calls Node lacks (docs/sockets.md, How the socket is bound).
export type SocketLibc = {
	// listen(2) on a bound fd: the kernel queues connections in the backlog, and the supervisor never accepts one, as
	// libuv would once Node's own handle.listen() started polling the fd.
	listen: (fd: number, backlog: number) => boolean;
	// fcntl(fd, F_SETFD, FD_CLOEXEC): an fd received from systemd reaches only the processes that list its socket.
	closeOnExec: (fd: number) => boolean;
};

const F_SETFD = 2;
const FD_CLOEXEC = 1;
// glibc's soname, then musl's (Alpine), as in host/libc.ts.
const LIBC_NAMES = ['libc.so.6', `/lib/ld-musl-${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}.so.1`];

// libc through koffi (an optional dependency), or the reason it cannot be reached, in one line.
export function loadSocketLibc(load = () => createRequire(import.meta.url)('koffi') as Koffi): SocketLibc | {error: string} {
	try {
		const libc = openLibc(load());
		const listen = libc.func('int listen(int, int)');
		const fcntl = libc.func('int fcntl(int, int, int)');
		return {listen: (fd, backlog) => listen(fd, backlog) === 0, closeOnExec: fd => fcntl(fd, F_SETFD, FD_CLOEXEC) !== -1};
	} catch (error) {
		return {error: `the optional package koffi could not be loaded (${(error as Error).message.split('\n')[0]}); bind the sockets with systemd-socket-activate instead (docs/sockets.md)`};
	}
}

function openLibc(koffi: Koffi): ReturnType<Koffi['load']> {
	let first: unknown;
	for (const name of LIBC_NAMES) {
		try {
			return koffi.load(name);
		} catch (error) {
			first ??= error;
		}
	}

	throw first;
}
