import http from 'node:http';
import net from 'node:net';
import {setTimeout as sleep} from 'node:timers/promises';
import test, {type ExecutionContext} from 'ava';
import {UnitEvents} from '../../lib/events/unit-events.js';
import {MAX_PENDING_BYTES} from '../../lib/control/line-skipper.js';
import {streamEvents} from '../../lib/http/event-stream.js';
import {startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {freePort} from '../helpers/ports.js';
import {cpuMeter, rssBytes} from '../helpers/proc-usage.js';
import {makeProject} from '../helpers/project.js';
import {runtimeDir, uniqueName} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';
import {startApi} from './_api.js';

const MiB = 1024 * 1024;

// A raw HTTP GET on a socket the test may pause (fetch reads ahead on its own); HTTP/1.0, so the body is not chunked.
async function rawGet(t: ExecutionContext, port: number, path: string, accept: string): Promise<net.Socket> {
	const client = net.connect(port, '127.0.0.1');
	t.teardown(() => client.destroy());
	await new Promise(resolve => client.once('connect', resolve));
	client.write(`GET ${path} HTTP/1.0\r\nHost: 127.0.0.1:${port}\r\nAccept: ${accept}\r\n\r\n`);
	return client;
}

// Everything a socket receives from now on, as text.
function collect(client: net.Socket): () => string {
	let text = '';
	client.setEncoding('utf8');
	client.on('data', (chunk: string) => {
		text += chunk;
	});
	client.resume();
	return () => text;
}

test('an event stream whose reader never reads skips events past the bound, then tells how many and follows on', async t => {
	const events = new UnitEvents();
	let held: http.ServerResponse | undefined;
	const server = http.createServer((_request, response) => {
		held = response;
		void streamEvents(events, {ok: true, type: 'status'}, response, new Promise(() => {}));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	t.teardown(() => server.close());
	server.unref();
	const client = await rawGet(t, (server.address() as net.AddressInfo).port, '/v1/events', 'text/event-stream');
	client.pause();
	await waitFor(() => held, 5000, 'the stream');
	const reason = 'x'.repeat(64 * 1024);
	let most = 0;
	for (let index = 0; index < 400; index++) { // 25 MiB of events.
		events.report({event: 'killing', name: `p${index}`, reason});
		most = Math.max(most, held!.writableLength);
		await new Promise(setImmediate); // Let the socket write what the kernel takes.
	}

	t.true(most < MAX_PENDING_BYTES + 2 * reason.length, `at most ${(most / MiB).toFixed(1)} MiB were held for the reader`);
	const text = collect(client);
	await waitFor(() => /data: \{"time":"[^"]+","event":"skipped","name":"sidecar","reason":"\d+ lines skipped: this reader fell 1024 KiB behind"\}/.test(text()), 10_000, 'the skip notice once it reads');
	events.report({event: 'killing', name: 'after', reason: 'the reader caught up'});
	await waitFor(() => text().includes('"name":"after"'), 10_000, 'the event after the catch-up');
	t.false(client.destroyed);
});

// Serial: a flood measures the supervisor's memory, which another flood would disturb.
test.serial('a /v1/logs follower that never reads, while a child floods: the supervisor\'s memory stays bounded, and it is told what it missed', async t => {
	const port = await freePort();
	const cwd = makeProject(t, {'sidecar.config.json': {name: uniqueName('http-flood'), main: {command: fixture('flood.js', '1000000000', '100')}, http: {port}}});
	const supervisor = startCli(t, ['run'], {cwd, env: {XDG_RUNTIME_DIR: runtimeDir(t)}, buffer: false});
	let printed = 0;
	supervisor.stdout!.on('data', (chunk: Buffer) => {
		printed += chunk.length;
	});
	await waitFor(() => printed > 10 * MiB, 20_000, 'the flood on the console');
	const client = await rawGet(t, port, '/v1/logs?lines=0&follow=1', 'text/event-stream');
	client.pause();
	const before = rssBytes(supervisor.pid!);
	let peak = before;
	const start = printed;
	for (let second = 0; second < 8; second++) {
		await sleep(1000); // The measuring window: one sample per second.
		peak = Math.max(peak, rssBytes(supervisor.pid!));
	}

	t.log(`rss ${(before / MiB).toFixed(0)} MiB → peak ${(peak / MiB).toFixed(0)} MiB while ${((printed - start) / MiB).toFixed(0)} MiB went by`);
	t.true(printed - start > 10 * MiB, 'the flood went on');
	t.true(peak - before < 96 * MiB, `the supervisor grew ${((peak - before) / MiB).toFixed(0)} MiB`);
	const text = collect(client);
	await waitFor(() => /data: \{"ok":true,"type":"line","time":"[^"]+","name":"sidecar","stream":"stderr","line":"\d+ lines skipped: this reader fell 1024 KiB behind"\}\n\ndata: \{"ok":true,"type":"line","time":"[^"]+","name":"main"/.test(text()), 30_000, 'a skip notice, then lines again');
});

// Measured from /proc/PID/stat while nothing asks the unit anything: no status polling in the window.
test.serial('the supervisor\'s cpu stays near zero while an event stream and a log follower are connected and idle', async t => {
	const unit = await startApi(t, {main: {command: fixture('forever.js')}, sidecars: {web: {command: fixture('forever.js')}}});
	const events = await unit.api('/v1/events');
	const logs = await unit.api('/v1/logs?follow=1');
	const first = await events.body!.getReader().read();
	t.regex(Buffer.from(first.value!).toString(), /^data: \{"ok":true,"type":"status"/);
	await logs.body!.getReader().read();
	await sleep(1000); // Start-up's own work settles.
	const cores = cpuMeter(unit.supervisor.pid!);
	await sleep(5000); // The measuring window.
	const used = cores();
	t.log(`supervisor cpu with an idle SSE client and log follower: ${(used * 100).toFixed(2)} % of a core`);
	t.true(used < 0.05, `${(used * 100).toFixed(2)} % of a core`);
});
