import test, {type ExecutionContext} from 'ava';
import {requestOnce, streamReplies} from '../../lib/control/client.js';
import type {ControlRequest} from '../../lib/control/protocol.js';
import {fixture} from '../helpers/fixtures.js';
import {waitAllReady} from '../helpers/unit.js';
import {normalize, startApi} from './_api.js';

const config = {
	main: {command: fixture('forever.js')},
	sidecars: {
		web: {command: fixture('forever.js')},
		worker: {command: fixture('forever.js'), replicas: 1},
		job: {run: 'once', command: fixture('exit.js', '0'), schedule: {every: '1h'}},
	},
};

// Every reply the socket sends to one request (a stream for logs).
async function overSocket(socket: string, request: ControlRequest): Promise<unknown[]> {
	const replies: unknown[] = [];
	for await (const reply of streamReplies(socket, request as never)) {
		replies.push(reply);
		if (request.type !== 'logs') {
			break;
		}
	}

	return replies;
}

// The HTTP twin's replies: one JSON body, or one per line of a stream.
async function overHttp(api: (path: string, init?: RequestInit) => Promise<Response>, method: string, path: string, body?: unknown): Promise<{status: number; replies: unknown[]}> {
	const response = await api(path, {method, ...(body === undefined ? {} : {body: JSON.stringify(body), headers: {'content-type': 'application/json'}})});
	const text = await response.text();
	return {status: response.status, replies: text.trim().split('\n').map(line => JSON.parse(line) as unknown)};
}

// Each request over HTTP, then over the socket, on the same unit: the replies equal but for pids, times and usage.
async function twins(t: ExecutionContext) {
	const unit = await startApi(t, config);
	await waitAllReady(unit, ['main', 'web', 'worker-0']);
	// `between`: a socket request that puts the unit back in the state the HTTP request found it in.
	const both = async (request: ControlRequest, method: string, path: string, body?: unknown, status = 200, between?: ControlRequest) => {
		const viaHttp = await overHttp(unit.api, method, path, body);
		if (between !== undefined) {
			t.like(await requestOnce(unit.socket, between as never), {ok: true});
		}

		const viaSocket = await overSocket(unit.socket, request);
		t.is(viaHttp.status, status, path);
		t.deepEqual(normalize(viaHttp.replies), normalize(viaSocket), `${method} ${path}`);
		return viaHttp.replies[0] as Record<string, unknown>;
	};

	return {unit, both};
}

test('every read\'s HTTP twin answers what the socket answers, errors included', async t => {
	const {both} = await twins(t);
	await both({type: 'hello'}, 'GET', '/v1/hello');
	await both({type: 'status'}, 'GET', '/v1/status');
	await both({type: 'ready', name: null}, 'GET', '/v1/ready');
	await both({type: 'ready', name: 'web'}, 'GET', '/v1/ready?name=web');
	await both({type: 'logs', name: 'main', lines: 5, follow: false}, 'GET', '/v1/logs?name=main&lines=5');
	await both({type: 'logs', name: null, lines: 0, follow: false}, 'GET', '/v1/logs?lines=0');
	await both({type: 'logs', name: 'nope', lines: 1, follow: false}, 'GET', '/v1/logs?name=nope&lines=1', undefined, 404);
	await both({type: 'ready', name: 'nope'}, 'GET', '/v1/ready?name=nope', undefined, 404);
});

test('every mutation\'s HTTP twin answers what the socket answers, errors included', async t => {
	t.timeout(120_000); // A dozen restarts, stops and starts, each waited for.
	const {unit, both} = await twins(t);
	await both({type: 'restart', name: 'web'}, 'POST', '/v1/processes/web/restart');
	await both({type: 'restart', name: 'worker', parallel: true}, 'POST', '/v1/processes/worker/restart', {parallel: true});
	await both({type: 'signal', name: 'web', signal: 'SIGCONT'}, 'POST', '/v1/processes/web/signal', {signal: 'SIGCONT'});
	await both({type: 'stop-process', name: 'web'}, 'POST', '/v1/processes/web/stop', undefined, 200, {type: 'start-process', name: 'web'});
	await both({type: 'stop-process', name: 'web'}, 'POST', '/v1/processes/web/stop'); // Held already: nothing to stop, both ways.
	await both({type: 'start-process', name: 'web'}, 'POST', '/v1/processes/web/start', undefined, 200, {type: 'stop-process', name: 'web'});
	await both({type: 'pause', name: 'job'}, 'POST', '/v1/processes/job/pause', undefined, 200, {type: 'resume', name: 'job'});
	await both({type: 'pause', name: 'job'}, 'POST', '/v1/processes/job/pause'); // Paused already: changed false, both ways.
	await both({type: 'resume', name: 'job'}, 'POST', '/v1/processes/job/resume', undefined, 200, {type: 'pause', name: 'job'});
	const scaled = await both({type: 'scale', name: 'worker', count: 1}, 'POST', '/v1/processes/worker/scale', {count: 1});
	t.like(scaled, {from: 1, to: 1});
	await both({type: 'reload'}, 'POST', '/v1/reload');
	// Errors: the same message and exit code, with the HTTP status of that exit code.
	await both({type: 'restart', name: 'nope'}, 'POST', '/v1/processes/nope/restart', undefined, 404);
	await both({type: 'signal', name: 'web', signal: 'SIGNOPE'}, 'POST', '/v1/processes/web/signal', {signal: 'SIGNOPE'}, 400);
	await both({type: 'scale', name: 'web', count: 2}, 'POST', '/v1/processes/web/scale', {count: 2}, 400);
	const run = await overHttp(unit.api, 'POST', '/v1/processes/job/run-now');
	t.like(run.replies[0], {ok: true, type: 'run-now', name: 'job', outcome: 'started'});
	const stop = await overHttp(unit.api, 'POST', '/v1/stop');
	t.deepEqual(stop, {status: 200, replies: [{ok: true, type: 'stop'}]});
	t.is((await unit.supervisor).exitCode, 143); // main's SIGTERM, as after `sidecar stop`.
});

test('a request the protocol refuses gets the socket\'s words with 400; an unknown path 404; another method 405', async t => {
	const unit = await startApi(t, {main: {command: fixture('forever.js')}});
	const scale = await unit.api('/v1/processes/main/scale', {method: 'POST', body: '{"count": -1}'});
	t.is(scale.status, 400);
	const socketReply = await requestOnce(unit.socket, {type: 'scale', name: 'main', count: -1} as never);
	t.deepEqual(await scale.json(), socketReply);
	t.is((await unit.api('/v1/nope')).status, 404);
	const wrong = await unit.api('/v1/status', {method: 'POST'});
	t.is(wrong.status, 405);
	t.is(wrong.headers.get('allow'), 'GET');
	const notJson = await unit.api('/v1/reload', {method: 'POST', body: 'reload please'});
	t.is(notJson.status, 400);
	t.regex((await notJson.json() as {error: string}).error, /the body must be a JSON object/);
});

test('GET /v1/logs?follow=1 streams new lines, as NDJSON or as Server-Sent Events', async t => {
	const unit = await startApi(t, {main: {command: fixture('forever.js')}, sidecars: {tick: {command: fixture('tick.js', '50')}}});
	for (const accept of ['application/x-ndjson', 'text/event-stream']) {
		const response = await unit.api('/v1/logs?name=tick&lines=0&follow=1', {headers: {accept}});
		t.is(response.headers.get('content-type')?.split(';')[0], accept);
		const reader = response.body!.getReader();
		let text = '';
		while (text.split('"type":"line"').length < 3) {
			const {value} = await reader.read();
			text += Buffer.from(value!).toString();
		}

		await reader.cancel();
		const messages = text.split('\n').filter(line => line.startsWith(accept === 'text/event-stream' ? 'data: ' : '{'))
			.map(line => JSON.parse(line.replace(/^data: /, '')) as {type: string; name?: string});
		t.like(messages[0], {ok: true, type: 'logs'});
		t.like(messages[1], {ok: true, type: 'line', name: 'tick'});
	}
});
