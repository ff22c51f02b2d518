import type {UnitSnapshot} from '../supervisor/snapshot.js';
import type {ConfigDiff} from '../config/diff.js';

// A request is one JSON object on one line; see docs/control.md for every request and reply.
export type ControlRequest =
	| {type: 'hello'}
	| {type: 'status'}
	| {type: 'restart'; name: string}
	| {type: 'signal'; name: string; signal: string}
	| {type: 'stop'}
	| {type: 'reload'}
	| {type: 'logs'; name: string | null; lines: number; follow: boolean};

// One line a process wrote, as `logs` streams it.
export type LogLine = {time: string; name: string; stream: 'stdout' | 'stderr'; line: string};

// Every reply: `ok` with the request's fields, or `ok: false` with a one-line-per-problem error and its exit code.
export type ControlReply =
	| {ok: true; type: 'hello'; name: string; supervisorPid: number; version: number}
	| {ok: true; type: 'status'; status: UnitSnapshot}
	| {ok: true; type: 'restart'; name: string; pid: number | null}
	| {ok: true; type: 'signal'; name: string; signal: string; pid: number}
	| {ok: true; type: 'stop'}
	| {ok: true; type: 'stopped'; exitCode: number}
	| {ok: true; type: 'reload'; plan: ConfigDiff}
	| {ok: true; type: 'logs'}
	| ({ok: true; type: 'line'} & LogLine)
	| {ok: true; type: 'end'}
	| {ok: false; error: string; exitCode: number};

// Bumped when a request or reply changes incompatibly.
export const PROTOCOL_VERSION = 1;

// A line longer than this is refused and the connection closed: a client cannot make the supervisor buffer without end.
export const MAX_REQUEST_BYTES = 64 * 1024;

// A connection that has not sent a whole request for this long is closed (a slow or stuck client).
export const IDLE_TIMEOUT_MS = 10_000;

// How many lines `logs` returns when --lines is not given.
export const DEFAULT_LOG_LINES = 100;

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const TYPES = ['hello', 'status', 'restart', 'signal', 'stop', 'reload', 'logs'];

// One received line → a checked request, or the reason it is not one (the server replies with it and keeps serving).
export function parseRequest(line: string): ControlRequest | {error: string} {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return {error: `unable to read request: not JSON (${JSON.stringify(line.slice(0, 40))})`};
	}

	if (!isRecord(value) || typeof value.type !== 'string' || !TYPES.includes(value.type)) {
		return {error: `unable to read request: "type" must be one of ${TYPES.join(', ')}`};
	}

	const stringField = (field: string): string | {error: string} =>
		typeof value[field] === 'string' && value[field] !== '' ? value[field] : {error: `unable to read ${String(value.type)} request: "${field}" must be a non-empty string`};
	switch (value.type) {
		case 'restart': {
			const name = stringField('name');
			return typeof name === 'string' ? {type: 'restart', name} : name;
		}

		case 'signal': {
			const name = stringField('name');
			const signal = stringField('signal');
			return typeof name !== 'string' ? name : typeof signal !== 'string' ? signal : {type: 'signal', name, signal};
		}

		case 'logs': {
			const {name = null, lines = DEFAULT_LOG_LINES, follow = false} = value;
			if ((name !== null && typeof name !== 'string') || !Number.isInteger(lines) || (lines as number) < 0 || typeof follow !== 'boolean') {
				return {error: 'unable to read logs request: expected {"name": string or null, "lines": integer >= 0, "follow": boolean}'};
			}

			return {type: 'logs', name, lines: lines as number, follow};
		}

		default: {
			return {type: value.type as 'hello' | 'status' | 'stop' | 'reload'};
		}
	}
}

// A message as one line of the protocol.
export const encodeLine = (message: ControlRequest | ControlReply): string => `${JSON.stringify(message)}\n`;
