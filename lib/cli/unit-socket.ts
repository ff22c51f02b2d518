import path from 'node:path';
import {loadConfig} from '../config/load.js';
import {resolveConfig} from '../config/resolve.js';
import {isObject} from '../config/fields.js';
import {isNotListening, requestOnce, streamReplies} from '../control/client.js';
import type {ControlReply, ControlRequest} from '../control/protocol.js';
import {socketPath} from '../control/socket-path.js';
import {EXIT, SidecarError} from '../errors.js';

// A unit as control commands address it: its name (for messages) and its socket path.
export type UnitAddress = {name: string; socket: string};

// `--socket PATH`, else the socket of `--name NAME`, else of the config's name in the working directory, else of
// the directory's basename (design.md, Command line). A broken config still names its unit if it says `name`.
export async function findUnit(values: {name?: unknown; socket?: unknown}, cwd: string): Promise<UnitAddress> {
	if (typeof values.socket === 'string') {
		const name = typeof values.name === 'string' ? values.name : path.basename(values.socket, '.sock');
		return {name, socket: path.resolve(cwd, values.socket)};
	}

	const name = typeof values.name === 'string' ? values.name : await configuredName(cwd);
	return {name, socket: socketPath(name)};
}

async function configuredName(cwd: string): Promise<string> {
	const {input, directory} = await loadConfig(undefined, cwd).catch(() => ({input: {}, directory: cwd}));
	const given = isObject(input) && typeof input.name === 'string' ? {name: input.name} : {};
	// Only the name matters here: a stand-in main keeps an incomplete config from failing the lookup.
	try {
		return resolveConfig({...given, main: {command: 'true'}}, directory).name;
	} catch {
		return resolveConfig({main: {command: 'true'}}, directory).name;
	}
}

const asSidecarError = (unit: UnitAddress, error: unknown): SidecarError =>
	error instanceof SidecarError ? error
		: isNotListening(error) ? new SidecarError(`no supervisor named ${unit.name} is running (socket ${unit.socket})`, EXIT.failure)
		: new SidecarError(`unable to talk to unit "${unit.name}" (socket ${unit.socket}): ${(error as Error).message}`, EXIT.failure, {cause: error});

// Throws the supervisor's error reply as a SidecarError with its exit code (78 for a rejected reload).
export function expectOk(reply: ControlReply): Exclude<ControlReply, {ok: false}> {
	if (!reply.ok) {
		throw new SidecarError(reply.error, reply.exitCode);
	}

	return reply;
}

// One request to the unit, its first reply (an error reply thrown).
export async function callUnit(unit: UnitAddress, request: ControlRequest): Promise<Exclude<ControlReply, {ok: false}>> {
	try {
		return expectOk(await requestOnce(unit.socket, request));
	} catch (error) {
		throw asSidecarError(unit, error);
	}
}

// Every reply to one request, until the supervisor ends the stream; each error reply is thrown.
export async function * streamUnit(unit: UnitAddress, request: ControlRequest, signal?: AbortSignal): AsyncGenerator<Exclude<ControlReply, {ok: false}>> {
	try {
		for await (const reply of streamReplies(unit.socket, request, signal)) {
			yield expectOk(reply);
		}
	} catch (error) {
		throw asSidecarError(unit, error);
	}
}
