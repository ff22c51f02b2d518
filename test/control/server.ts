import {execFileSync} from 'node:child_process';
import {existsSync, statSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import test from 'ava';
import {requestOnce} from '../../lib/control/client.js';
import {MAX_REQUEST_BYTES} from '../../lib/control/protocol.js';
import {listenControlSocket, unsent} from '../../lib/control/server.js';
import {runCli, startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {isAlive} from '../helpers/processes.js';
import {runtimeDir, startUnit, uniqueName} from '../helpers/unit.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';

// Sends raw bytes and collects what comes back until the server closes the connection or `until` matches.
async function exchange(socket: string, data: string | Buffer, until?: RegExp): Promise<string> {
	return new Promise((resolve, reject) => {
		let text = '';
		const client = net.createConnection(socket, () => client.write(data));
		client.on('data', chunk => {
			text += chunk.toString();
			if (until?.test(text)) {
				client.destroy();
				resolve(text);
			}
		});
		client.on('error', error => (text === '' ? reject(error) : resolve(text)));
		client.on('close', () => resolve(text));
	});
}

const forever = (name: string) => ({name, main: {command: fixture('forever.js')}, sidecars: {a: {command: fixture('forever.js')}}});

test('the socket is 0600 in a 0700 directory', async t => {
	const unit = await startUnit(t, forever(uniqueName('perm')));
	t.is(statSync(unit.socket).mode & 0o777, 0o600);
	t.true(statSync(unit.socket).isSocket());
	t.is(statSync(path.dirname(unit.socket)).mode & 0o777, 0o700);
});

test('a second supervisor with the same name is refused, naming the pid that holds it', async t => {
	const unit = await startUnit(t, forever(uniqueName('twin')));
	const before = await unit.pids();
	const twin = await runCli(['run'], {cwd: unit.cwd, env: unit.env});
	t.is(twin.exitCode, 69);
	t.regex(twin.stderr, new RegExp(`unable to start unit ".+": already running as pid ${unit.supervisor.pid} \\(socket ${unit.socket.replaceAll('/', '\\/')}\\)`));
	t.deepEqual(await unit.pids(), before);
});

test('a stale socket (its supervisor was SIGKILLed) is replaced', async t => {
	const name = uniqueName('stale');
	const env = {XDG_RUNTIME_DIR: runtimeDir(t)};
	const socket = path.join(env.XDG_RUNTIME_DIR, 'sidecar', `${name}.sock`);
	const cwd = makeProject(t, {'sidecar.config.json': forever(name)});
	// A listener killed with SIGKILL leaves its socket file behind.
	execFileSync('mkdir', ['-p', path.dirname(socket)]);
	const holder = startCli(t, ['run', '--', 'node', '-e', 'setInterval(() => {}, 1e9)'], {cwd, env});
	await waitFor(() => existsSync(socket), 20_000, 'the first socket');
	holder.kill('SIGKILL');
	await holder;
	t.true(existsSync(socket));
	const supervisor = startCli(t, ['run'], {cwd, env});
	await waitForLine(supervisor.stdout!, /main\s+\| pid \d+/, 20_000);
	const reply = await requestOnce(socket, {type: 'hello'});
	t.like(reply, {ok: true, type: 'hello', name, supervisorPid: supervisor.pid});
});

test('garbage and oversized requests get an error and leave the supervisor serving', async t => {
	const unit = await startUnit(t, forever(uniqueName('garbage')));
	t.regex(await exchange(unit.socket, 'not json\n', /\n/), /"ok":false.*not JSON/);
	t.regex(await exchange(unit.socket, '{"type":"explode"}\n', /\n/), /"ok":false.*type.. must be one of/);
	t.regex(await exchange(unit.socket, Buffer.alloc(MAX_REQUEST_BYTES + 10, 'x')), /longer than 65536 bytes/);
	t.regex(await exchange(unit.socket, Buffer.from([0xff, 0xfe, 0x00, 0x0a]), /\n/), /"ok":false/);
	const {exitCode, stdout} = await unit.cli(['status', '--json']);
	t.is(exitCode, 0);
	t.is(JSON.parse(stdout).supervisorPid, unit.supervisor.pid);
	t.true(isAlive(unit.supervisor.pid!));
});

test('many clients at once are all served', async t => {
	const unit = await startUnit(t, forever(uniqueName('many')));
	const idle = await Promise.all(Array.from({length: 20}, async () => new Promise<net.Socket>(resolve => {
		const socket = net.createConnection(unit.socket, () => resolve(socket));
	})));
	t.teardown(() => idle.forEach(socket => socket.destroy()));
	const replies = await Promise.all(Array.from({length: 50}, async () => requestOnce(unit.socket, {type: 'status'})));
	t.true(replies.every(reply => reply.ok && reply.type === 'status'));
});

test('several requests on one connection are answered in order', async t => {
	const unit = await startUnit(t, forever(uniqueName('order')));
	const text = await exchange(unit.socket, '{"type":"hello"}\n{"type":"status"}\n', /"type":"status"/);
	const [first, second] = text.trim().split('\n').map(line => JSON.parse(line) as {type: string});
	t.is(first!.type, 'hello');
	t.is(second!.type, 'status');
});

test('a handler that throws becomes an error reply', async t => {
	const directory = runtimeDir(t);
	const socket = path.join(directory, 'sidecar', 'thrower.sock');
	const server = await listenControlSocket(socket, 'thrower', async () => {
		throw new Error('boom');
	});
	t.teardown(async () => server.close());
	t.like(await requestOnce(socket, {type: 'status'}), {ok: false, error: 'boom', exitCode: 70});
});

// close() tells a slow reader from one that never reads by what the kernel has taken: through a private field of
// Node's socket handle (lib/control/server.ts, unsent). If Node drops it, this fails, not a user's `logs -f`.
test('what a socket has not yet sent shrinks as its reader reads, even for replies gathered into one write', async t => {
	const socket = path.join(runtimeDir(t), 'unsent.sock');
	const sent = new Promise<net.Socket>(resolve => {
		const server = net.createServer(connection => {
			for (let i = 0; i < 100; i++) {
				connection.write('x'.repeat(8192));
			}

			resolve(connection);
		}).listen(socket);
		t.teardown(() => server.close());
	});
	const client = net.createConnection(socket);
	client.pause();
	t.teardown(() => client.destroy());
	const connection = await sent;
	t.is(typeof (connection as unknown as {_handle: {writeQueueSize: unknown}})._handle.writeQueueSize, 'number');
	const before = unsent(connection);
	t.true(before > 100_000, `${before} bytes unsent`);
	client.resume();
	await waitFor(() => unsent(connection) < before, 10_000, 'the reader\'s progress');
});

// The supervisor exits as soon as close() resolves (lib/cli/exit.ts), so close() itself must see each reply delivered.
test('close delivers a reading client its last replies, cuts off one that never reads after a second, and removes the socket', async t => {
	const socket = path.join(runtimeDir(t), 'sidecar', 'closing.sock');
	const error = `x${'y'.repeat(8191)}`; // 8 KiB a reply: 1000 of them are more than the socket buffers hold.
	const server = await listenControlSocket(socket, 'closing', async (_request, reply) => {
		for (let i = 0; i < 1000; i++) {
			reply.send({ok: false, error, exitCode: 1});
		}
	});
	const connect = async () => new Promise<net.Socket>((resolve, reject) => {
		const client = net.createConnection(socket, () => {
			resolve(client);
		});
		client.once('error', reject);
	});
	const sleeper = await connect();
	sleeper.pause(); // Never reads (so it would not see its end either).
	t.teardown(() => sleeper.destroy());
	const reader = await connect();
	let received = '';
	reader.setEncoding('utf8').on('data', (chunk: string) => {
		received += chunk;
	});
	const readerEnded = new Promise(resolve => reader.once('end', resolve));
	const bothAnswered = waitFor(() => received.length > 0, 10_000, 'the reader\'s first reply');
	sleeper.write('{"type":"status"}\n');
	reader.write('{"type":"status"}\n');
	await bothAnswered;
	const started = Date.now();
	await server.close();
	const took = Date.now() - started;
	await readerEnded;
	t.is(received.split('\n').filter(line => line.includes(error)).length, 1000);
	t.true(took >= 900 && took < 5000, `close took ${took} ms`);
	t.false(existsSync(socket));
});
