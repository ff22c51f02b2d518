import {chmodSync, lstatSync, rmSync} from 'node:fs';
import net from 'node:net';
import {getSystemErrorName} from 'node:util';
import type {ResolvedSocket} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';
import {activatedFds, forgetActivation} from './activated-fds.js';
import {bindHandle, createServerHandle, type BoundHandle} from './bind-handle.js';
import type {SocketLibc} from './libc-socket.js';

// A socket the unit holds: bound here, or received from systemd (`activated`: never closed or unlinked by us).
export type HeldSocket = {name: string; fd: number; activated: boolean; close: () => void};

// Every socket of the unit, before anything starts (docs/sockets.md): taken from systemd when it passed one by that
// name, else bound and listened on. The first failure closes what was held and throws (exit 69, the socket and errno).
export async function holdSockets(sockets: readonly ResolvedSocket[], libc: SocketLibc | {error: string}, env: Record<string, string | undefined>, pid: number): Promise<HeldSocket[]> {
	const received = activatedFds(env, pid, sockets.map(({name}) => name));
	forgetActivation(env);
	const held: HeldSocket[] = [];
	try {
		for (const socket of sockets) {
			const fd = received.get(socket.name);
			if (fd !== undefined && 'closeOnExec' in libc) {
				libc.closeOnExec(fd);
			}

			held.push(fd === undefined ? await bindSocket(socket, libc) : {name: socket.name, fd, activated: true, close() {}});
		}
	} catch (error) {
		for (const socket of held) {
			socket.close();
		}

		throw error;
	}

	return held;
}

async function bindSocket(socket: ResolvedSocket, libc: SocketLibc | {error: string}): Promise<HeldSocket> {
	const where = socket.kind === 'tcp' ? `${socket.host}:${socket.port}` : socket.path;
	const fail = (reason: string) => new SidecarError(`unable to bind socket ${socket.name} (${where}): ${reason}`, EXIT.unavailable);
	if ('error' in libc) {
		throw fail(libc.error);
	}

	if (createServerHandle === undefined) {
		throw fail(`Node ${process.version} has no net._createServerHandle; bind the sockets with systemd-socket-activate instead (docs/sockets.md)`);
	}

	if (socket.kind === 'unix') {
		await removeStaleSocket(socket.path);
	}

	const handle: BoundHandle | number = bindHandle(socket.kind === 'tcp' ? socket : {path: socket.path});
	if (typeof handle === 'number') {
		throw fail(getSystemErrorName(handle));
	}

	if (socket.kind === 'unix' && socket.mode !== null) {
		chmodSync(socket.path, socket.mode);
	}

	if (!libc.listen(handle.fd, socket.backlog)) {
		handle.close();
		throw fail('listen(2) failed');
	}

	const close = () => {
		handle.close();
		if (socket.kind === 'unix') {
			rmSync(socket.path, {force: true});
		}
	};

	return {name: socket.name, fd: handle.fd, activated: false, close};
}

// A unix socket file left by a supervisor that was killed refuses connections: unlink it so the bind succeeds. One
// that answers belongs to a live server, and the bind then fails with EADDRINUSE.
async function removeStaleSocket(file: string): Promise<void> {
	try {
		if (!lstatSync(file).isSocket()) {
			return;
		}
	} catch {
		return; // No file: nothing to remove.
	}

	const answered = await new Promise<boolean>(resolve => {
		const probe = net.connect(file, () => {
			probe.destroy();
			resolve(true);
		});
		probe.once('error', () => resolve(false));
	});
	if (!answered) {
		rmSync(file, {force: true});
	}
}
