import type {ServerResponse} from 'node:http';
import {EXIT, SidecarError} from '../errors.js';
import {LineSkipper} from '../control/line-skipper.js';
import type {ControlReply} from '../control/protocol.js';
import type {Reply} from '../control/server.js';
import {statusOf} from './status-code.js';

// How a stream of replies is framed: one JSON line each (`application/x-ndjson`), or one Server-Sent Event each.
export type Framing = 'ndjson' | 'sse';

// Headers of every JSON answer: never cached (it is the unit's state now), never sniffed as something else.
export const JSON_HEADERS = {'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff'};

// One JSON answer with its status, unless the client has gone.
export function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
	if (!response.headersSent && !response.destroyed) {
		response.writeHead(status, {...JSON_HEADERS, ...headers}).end(`${JSON.stringify(value)}\n`);
	}
}

// What a reader that fell behind is told (the socket's own notice: a `line` of the supervisor's).
const lineNotice = (line: string): unknown => ({ok: true, type: 'line', time: new Date().toISOString(), name: 'sidecar', stream: 'stderr', line});

// Opens a stream of messages on `response`: SSE or NDJSON headers, then frames written through one LineSkipper (a
// reader over its bound skips the skippable ones, as `logs -f` on the control socket does, and gets `notice` after).
export function openStream(response: ServerResponse, framing: Framing, notice = lineNotice): {write: (message: unknown, skippable: boolean) => void} {
	const frame = (message: unknown): string => framing === 'sse' ? `data: ${JSON.stringify(message)}\n\n` : `${JSON.stringify(message)}\n`;
	response.writeHead(200, {
		'content-type': framing === 'sse' ? 'text/event-stream; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff',
		'x-accel-buffering': 'no', // A proxy in front (nginx) must pass each message on, not buffer the stream.
	});
	response.flushHeaders();
	const skipper = new LineSkipper(response, text => frame(notice(text)));
	return {
		write(message, skippable) {
			if (response.destroyed || response.writableEnded || (skippable && skipper.skip())) {
				return;
			}

			skipper.tell();
			response.write(frame(message));
		},
	};
}

// The control handler's Reply over HTTP. Not `streaming`: the first reply is the whole answer, its status from its
// exitCode (status-code.ts). `streaming` (logs): an error before anything else is answered as one JSON error; the
// rest is a stream of every reply, as the socket sends them.
export function httpReply(response: ServerResponse, streaming: Framing | undefined): Reply & {end: () => void} {
	const closed = new AbortController();
	response.once('close', () => closed.abort());
	let stream: ReturnType<typeof openStream> | undefined;
	return {
		send(message: ControlReply, options) {
			if (closed.signal.aborted || response.writableEnded) {
				return false;
			}

			if (streaming === undefined || (stream === undefined && !message.ok)) {
				sendJson(response, statusOf(message), message);
				return true;
			}

			stream ??= openStream(response, streaming);
			stream.write(message, options?.skippable === true);
			return true;
		},
		closed: closed.signal,
		end() {
			if (!response.writableEnded) {
				response.end();
			}
		},
	};
}

// What the control server answers for a handler's throw: the error reply with its exit code.
export const errorReply = (error: unknown): ControlReply => ({
	ok: false,
	error: error instanceof Error ? error.message : String(error),
	exitCode: error instanceof SidecarError ? error.exitCode : EXIT.software,
});
