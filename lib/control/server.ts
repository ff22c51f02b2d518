import {chmodSync, rmSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {setImmediate as nextTurn} from 'node:timers/promises'; // A turn of the event loop, not a timer of the unit.
import {EXIT, SidecarError} from '../errors.js';
import {askHello} from './client.js';
import {LineSkipper} from './line-skipper.js';
import {prepareSocketDirectory} from './socket-directory.js';
import {encodeLine, IDLE_TIMEOUT_MS, MAX_REQUEST_BYTES, parseRequest, type ControlReply, type ControlRequest} from './protocol.js';

const CLIENT_FLUSH_MS = 1000;

// How a handler answers: `send` is false once the client is gone. A `skippable` reply (a live log line, which
// arrives as fast as children write) is skipped while the reader is behind; anything else is bounded by its sender.
export type Reply = {send: (reply: ControlReply, options?: {skippable: boolean}) => boolean; closed: AbortSignal};

// Answers one request; a streaming request (logs --follow, stop) resolves when its stream ends.
export type RequestHandler = (request: ControlRequest, reply: Reply) => Promise<void>;

// A listening control socket; `close` ends every connection and removes the socket file.
export type ControlServer = {close: () => Promise<void>};

// A socket file whose owner was SIGKILLed is stale: connecting fails with ECONNREFUSED, so we unlink it and
// listen again. If a supervisor answers, a twin is running: refuse, naming its pid (docs/control.md).
export async function listenControlSocket(socketPath: string, unitName: string, handle: RequestHandler): Promise<ControlServer> {
	// The file calls are synchronous: nothing runs yet, and each is faster than a thread-pool round trip.
	prepareSocketDirectory(path.dirname(socketPath), unitName);
	const twin = await askHello(socketPath);
	if (twin !== 'absent') {
		const holder = twin === 'silent' ? 'a process that does not answer' : `pid ${twin.supervisorPid}`;
		throw new SidecarError(`unable to start unit "${unitName}": already running as ${holder} (socket ${socketPath})`, EXIT.unavailable);
	}

	rmSync(socketPath, {force: true});
	const connections = new Set<net.Socket>();
	const server = net.createServer(socket => {
		connections.add(socket);
		socket.once('close', () => connections.delete(socket));
		serveConnection(socket, handle);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', error => {
			reject(new SidecarError(`unable to start unit "${unitName}": cannot listen on ${socketPath}: ${error.message}`, EXIT.unavailable, {cause: error}));
		});
		server.listen(socketPath, resolve);
	});
	server.on('error', () => {}); // After listening, errors belong to single connections.
	chmodSync(socketPath, 0o600);
	return {
		async close() {
			if (connections.size > 0) {
				await nextTurn(); // Let replies queued by the unit's last events (a `stopped` reply) reach their sockets.
			}

			server.close();
			// The supervisor exits once this resolves (cli/exit.ts): each client gets what was sent to it, unless it has
			// not read for CLIENT_FLUSH_MS.
			await Promise.all([...connections].map(async socket => endWithin(socket, CLIENT_FLUSH_MS)));
		},
	};
}

// Ends the connection once its queued replies are written; a client that does not read for `ms` is cut off.
async function endWithin(socket: net.Socket, ms: number): Promise<void> {
	await new Promise<void>(resolve => {
		if (socket.closed) {
			resolve();
			return;
		}

		const timer = setTimeout(() => socket.destroy(), ms);
		socket.once('close', () => {
			clearTimeout(timer);
			resolve();
		});
		socket.end();
	});
}

// One client: requests answered one at a time, in order. A line that is not a request gets an error reply;
// a line over MAX_REQUEST_BYTES, or silence longer than IDLE_TIMEOUT_MS between requests, closes the connection.
function serveConnection(socket: net.Socket, handle: RequestHandler): void {
	const gone = new AbortController();
	const lines = new LineSkipper(socket, line => encodeLine({ok: true, type: 'line', time: new Date().toISOString(), name: 'sidecar', stream: 'stderr', line}));
	const reply: Reply = {
		send(message, options) {
			if (gone.signal.aborted) {
				return false;
			}

			if (options?.skippable === true && lines.skip()) {
				return true;
			}

			lines.tell();
			socket.write(encodeLine(message));
			return true;
		},
		closed: gone.signal,
	};
	let pending = '';
	let busy = Promise.resolve();
	let idle: NodeJS.Timeout | undefined;
	const armIdle = () => {
		clearTimeout(idle);
		idle = setTimeout(() => socket.destroy(), IDLE_TIMEOUT_MS);
	};

	const answer = async (line: string) => {
		clearTimeout(idle);
		const request = parseRequest(line);
		if ('error' in request) {
			reply.send({ok: false, error: request.error, exitCode: EXIT.usage});
		} else {
			await handle(request, reply).catch((error: unknown) => {
				const exitCode = error instanceof SidecarError ? error.exitCode : EXIT.software;
				reply.send({ok: false, error: error instanceof Error ? error.message : String(error), exitCode});
			});
		}

		if (!gone.signal.aborted) {
			armIdle();
		}
	};

	socket.setEncoding('utf8');
	socket.on('data', (chunk: string) => {
		pending += chunk;
		let newline = pending.indexOf('\n');
		while (newline !== -1) {
			const line = pending.slice(0, newline).trim();
			pending = pending.slice(newline + 1);
			if (line !== '') {
				busy = busy.then(async () => answer(line));
			}

			newline = pending.indexOf('\n');
		}

		if (Buffer.byteLength(pending) > MAX_REQUEST_BYTES) {
			pending = '';
			reply.send({ok: false, error: `unable to read request: longer than ${MAX_REQUEST_BYTES} bytes`, exitCode: EXIT.usage});
			socket.end();
			gone.abort();
		}
	});
	socket.on('error', () => {}); // The client went away: 'close' follows.
	socket.once('close', () => {
		clearTimeout(idle);
		gone.abort();
	});
	armIdle();
}
