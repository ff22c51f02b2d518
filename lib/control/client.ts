import net from 'node:net';
import {encodeLine, type ControlReply, type ControlRequest, type ErrorReply, type ReplyTo} from './protocol.js';

// Connecting found no one: no socket file (ENOENT), or a file with no listener behind it (ECONNREFUSED, a stale socket).
export const isNotListening = (error: unknown): boolean =>
	['ENOENT', 'ECONNREFUSED', 'ENOTSOCK'].includes((error as NodeJS.ErrnoException).code ?? '');

// Opens the socket; rejects with the connect error (see isNotListening).
export async function connectControl(socketPath: string): Promise<net.Socket> {
	return new Promise((resolve, reject) => {
		const socket = net.createConnection(socketPath);
		socket.once('connect', () => {
			socket.off('error', reject);
			resolve(socket);
		});
		socket.once('error', reject);
	});
}

const parseReply = (line: string): ControlReply => {
	try {
		return JSON.parse(line) as ControlReply;
	} catch {
		return {ok: false, error: `unreadable reply from the supervisor: ${line.slice(0, 80)}`, exitCode: 70};
	}
};

// A request of one type.
export type RequestOf<T extends ControlRequest['type']> = Extract<ControlRequest, {type: T}>;

// Replies read ahead of the consumer; past this many the socket is paused, so memory stays bounded.
const MAX_QUEUED_REPLIES = 1000;

// Sends one request and yields every reply line until the supervisor ends the connection (or `signal` aborts).
// The replies are typed by the request (protocol.ts, Replies): the JSON the supervisor sent is trusted to match.
export async function * streamReplies<T extends ControlRequest['type']>(socketPath: string, request: RequestOf<T>, signal?: AbortSignal): AsyncGenerator<ReplyTo<T> | ErrorReply> {
	const socket = await connectControl(socketPath);
	const queue: Array<ReplyTo<T> | ErrorReply> = [];
	let pending = '';
	let done = false;
	let wake = () => {};
	socket.setEncoding('utf8');
	socket.on('data', (chunk: string) => {
		const lines = (pending + chunk).split('\n');
		pending = lines.pop()!;
		queue.push(...lines.filter(line => line.trim() !== '').map(line => parseReply(line) as ReplyTo<T> | ErrorReply));
		if (queue.length >= MAX_QUEUED_REPLIES) {
			socket.pause(); // The consumer is behind (a `logs -f` into a slow pipe): the supervisor skips lines for us.
		}

		wake();
	});
	socket.on('error', () => {}); // The supervisor exiting mid-stream ends the stream; that is not an error here.
	socket.once('close', () => {
		done = true;
		wake();
	});
	const abort = () => socket.destroy();
	signal?.addEventListener('abort', abort, {once: true});
	try {
		socket.write(encodeLine(request));
		for (;;) {
			if (queue.length > 0) {
				yield queue.shift()!;
			} else if (done) {
				return;
			} else {
				socket.resume();
				await new Promise<void>(resolve => {
					wake = resolve;
				});
			}
		}
	} finally {
		signal?.removeEventListener('abort', abort);
		socket.destroy();
	}
}

// One request, its first reply; rejects when the connection ends without one.
export async function requestOnce<T extends ControlRequest['type']>(socketPath: string, request: RequestOf<T>, signal?: AbortSignal): Promise<ReplyTo<T> | ErrorReply> {
	for await (const reply of streamReplies(socketPath, request, signal)) {
		return reply;
	}

	throw new Error(`the supervisor closed ${socketPath} without a reply`);
}

// Who holds the socket: 'absent' (nobody, or a stale file), the supervisor that answers hello, or 'silent'.
export async function askHello(socketPath: string, timeout = 2000): Promise<'absent' | 'silent' | {name: string; supervisorPid: number}> {
	try {
		const reply = await requestOnce(socketPath, {type: 'hello'}, AbortSignal.timeout(timeout));
		return reply.ok && reply.type === 'hello' ? {name: reply.name, supervisorPid: reply.supervisorPid} : 'silent';
	} catch (error) {
		return isNotListening(error) ? 'absent' : 'silent';
	}
}
