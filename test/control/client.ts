import {writeFileSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {askHello, connectControl, isNotListening, requestOnce, streamReplies} from '../../lib/control/client.js';
import {listenControlSocket} from '../../lib/control/server.js';
import {runtimeDir} from '../helpers/unit.js';

const helloServer = async (socket: string) => listenControlSocket(socket, 'unit', async (request, reply) => {
	if (request.type === 'hello') {
		reply.send({ok: true, type: 'hello', name: 'unit', supervisorPid: 1234, version: 1});
	} else if (request.type === 'logs') {
		reply.send({ok: true, type: 'logs'});
		reply.send({ok: true, type: 'line', time: 'now', name: 'a', stream: 'stdout', line: 'one'});
		reply.send({ok: true, type: 'end'});
	}
});

test('nobody listening: askHello says absent, connecting fails as not listening', async t => {
	const socket = path.join(runtimeDir(t), 'none.sock');
	t.is(await askHello(socket), 'absent');
	const error = await t.throwsAsync(connectControl(socket));
	t.true(isNotListening(error));
});

test('a plain file where the socket should be counts as absent', async t => {
	const directory = runtimeDir(t);
	mkdirSync(directory, {recursive: true});
	const socket = path.join(directory, 'file.sock');
	writeFileSync(socket, 'not a socket');
	t.is(await askHello(socket), 'absent');
});

test('a supervisor answers hello with its pid', async t => {
	const socket = path.join(runtimeDir(t), 'sidecar', 'unit.sock');
	const server = await helloServer(socket);
	t.teardown(async () => server.close());
	t.deepEqual(await askHello(socket), {name: 'unit', supervisorPid: 1234});
	t.like(await requestOnce(socket, {type: 'hello'}), {ok: true, supervisorPid: 1234});
});

test('streamReplies yields every reply of a stream', async t => {
	const socket = path.join(runtimeDir(t), 'sidecar', 'unit.sock');
	const server = await helloServer(socket);
	t.teardown(async () => server.close());
	const types: string[] = [];
	for await (const reply of streamReplies(socket, {type: 'logs', name: null, lines: 10, follow: false})) {
		types.push(reply.ok ? reply.type : 'error');
		if (types.at(-1) === 'end') {
			break;
		}
	}

	t.deepEqual(types, ['logs', 'line', 'end']);
});

test('a listener that never answers is silent, not absent', async t => {
	const socket = path.join(runtimeDir(t), 'sidecar', 'mute.sock');
	const server = await listenControlSocket(socket, 'mute', async () => new Promise(() => {}));
	t.teardown(async () => server.close());
	t.is(await askHello(socket, 200), 'silent');
});
