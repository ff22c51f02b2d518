import type {IncomingMessage} from 'node:http';
import {MAX_REQUEST_BYTES} from '../control/protocol.js';

// What a request body may be: a JSON object (the fields of the control request), or nothing.
export type Body = {value: Record<string, unknown>} | {status: 400 | 413; error: string};

// Reads at most MAX_REQUEST_BYTES (the control socket's bound on one request): a longer body is refused with 413 as
// soon as it passes the bound, without reading the rest.
export async function readBody(request: IncomingMessage): Promise<Body> {
	const declared = Number(request.headers['content-length'] ?? 0);
	if (declared > MAX_REQUEST_BYTES) {
		return {status: 413, error: `unable to read request: longer than ${MAX_REQUEST_BYTES} bytes`};
	}

	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > MAX_REQUEST_BYTES) {
			return {status: 413, error: `unable to read request: longer than ${MAX_REQUEST_BYTES} bytes`};
		}

		chunks.push(chunk);
	}

	const text = Buffer.concat(chunks).toString('utf8').trim();
	if (text === '') {
		return {value: {}};
	}

	try {
		const value: unknown = JSON.parse(text);
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
			return {value: value as Record<string, unknown>};
		}
	} catch {}

	return {status: 400, error: `unable to read request: the body must be a JSON object (got ${JSON.stringify(text.slice(0, 40))})`};
}
