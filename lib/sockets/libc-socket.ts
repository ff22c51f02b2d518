import {loadKoffi, openLibc, type Koffi} from '../koffi-libc.js';

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

// libc through koffi (an optional dependency), or the reason it cannot be reached, in one line.
export function loadSocketLibc(load: () => Koffi = loadKoffi): SocketLibc | {error: string} {
	try {
		const libc = openLibc(load());
		const listen = libc.func('int listen(int, int)');
		const fcntl = libc.func('int fcntl(int, int, int)');
		return {listen: (fd, backlog) => listen(fd, backlog) === 0, closeOnExec: fd => fcntl(fd, F_SETFD, FD_CLOEXEC) !== -1};
	} catch (error) {
		return {error: `the optional package koffi could not be loaded (${(error as Error).message.split('\n')[0]}); bind the sockets with systemd-socket-activate instead (docs/sockets.md)`};
	}
}
