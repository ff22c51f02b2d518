import {writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {Ajv2020} from 'ajv/dist/2020.js';
import {MAX_REQUEST_BYTES} from '../../lib/control/protocol.js';
import {fixture} from '../helpers/fixtures.js';
import {waitAllReady} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';
import {rawRequest, startApi} from './_api.js';

type Document = {openapi: string; components: Record<string, unknown>; paths: Record<string, Record<string, {responses: Record<string, {content?: Record<string, {schema: unknown}>}>}>>};

const config = {
	main: {command: fixture('forever.js')},
	sidecars: {
		web: {command: fixture('forever.js')},
		gate: {command: fixture('forever.js'), start: 'after', critical: true, readiness: {file: 'up', period: '200ms'}},
		worker: {command: fixture('forever.js'), replicas: 1},
		job: {run: 'once', command: fixture('exit.js', '0'), schedule: {every: '1h'}},
	},
};

// Every route against a real unit; each real reply (status, content type, body) validated against the document the
// unit serves, and every path of the document asked at least once.
test('every reply of every route matches the OpenAPI document the unit serves', async t => {
	t.timeout(120_000);
	const unit = await startApi(t, config);
	const document = await (await unit.api('/v1/openapi.json')).json() as Document;
	t.is(document.openapi, '3.1.0');
	const ajv = new Ajv2020({strict: false, allErrors: true});
	const asked = new Set<string>();
	// A path of the document for a concrete one: /v1/processes/web/restart → /v1/processes/{name}/restart.
	const templateOf = (concrete: string): string => Object.keys(document.paths).find(each =>
		new RegExp(`^${each.replaceAll(/\{\w+\}/g, '[^/]+')}$`).test(concrete.split('?')[0]!)) ?? concrete;
	const check = (method: string, concrete: string, status: number, contentType: string, bodies: unknown[]) => {
		const template = templateOf(concrete);
		asked.add(template);
		const content = document.paths[template]?.[method.toLowerCase()]?.responses[String(status)]?.content?.[contentType];
		if (content === undefined) {
			t.fail(`${method} ${concrete}: the document has no ${status} ${contentType} response`);
			return;
		}

		const validate = ajv.compile({components: document.components, ...content.schema as object});
		for (const body of bodies) {
			t.true(validate(body), `${method} ${concrete} ${status}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`);
		}
	};

	const ask = async (method: string, concrete: string, options: {body?: string; headers?: Record<string, string>} = {}) => {
		const {status, headers, body} = await rawRequest(unit.port, concrete, {method, ...options});
		const contentType = (headers['content-type'] ?? '').split(';')[0]!;
		const bodies = contentType === 'application/json' ? [JSON.parse(body) as unknown]
			: contentType === 'application/x-ndjson' ? body.trim().split('\n').map(line => JSON.parse(line) as unknown)
			: [body];
		check(method, concrete, status, contentType, bodies);
		return {status, bodies};
	};

	t.is((await ask('GET', '/readyz')).status, 503, 'the critical gate is not ready yet');
	writeFileSync(path.join(unit.cwd, 'up'), '');
	await waitAllReady(unit, ['main', 'web', 'gate', 'worker-0']);
	await waitFor(async () => (await rawRequest(unit.port, '/readyz')).status === 200, 20_000, '/readyz 200');
	for (const concrete of ['/', '/healthz', '/readyz', '/metrics', '/v1/openapi.json', '/v1/hello', '/v1/status', '/v1/ready', '/v1/ready?name=web', '/v1/logs?lines=20', '/v1/logs?name=web']) {
		t.is((await ask('GET', concrete)).status, 200, concrete);
	}

	for (const [concrete, body] of [
		['/v1/processes/web/restart', ''], ['/v1/processes/worker/restart', '{"parallel": true}'], ['/v1/processes/web/signal', '{"signal": "SIGCONT"}'],
		['/v1/processes/worker/scale', '{"count": 2}'], ['/v1/processes/job/run-now', ''], ['/v1/processes/job/pause', ''], ['/v1/processes/job/resume', ''],
		['/v1/processes/web/stop', ''], ['/v1/processes/web/start', ''], ['/v1/reload', ''],
	] as const) {
		t.is((await ask('POST', concrete, {body})).status, 200, concrete);
	}

	await ask('POST', '/v1/processes/web/stop');
	t.is((await ask('POST', '/v1/processes/web/signal', {body: '{"signal": "SIGHUP"}'})).status, 409, 'a held process is not running');
	t.is((await ask('POST', '/v1/processes/nope/restart')).status, 404);
	t.is((await ask('GET', '/v1/ready?name=nope')).status, 404);
	t.is((await ask('POST', '/v1/processes/web/signal', {body: '{"signal": "SIGNOPE"}'})).status, 400);
	t.is((await ask('POST', '/v1/processes/web/restart', {headers: {origin: 'http://evil.example'}})).status, 403);
	t.is((await ask('POST', '/v1/reload', {body: 'x'.repeat(MAX_REQUEST_BYTES + 1)})).status, 413);

	const events = await unit.api('/v1/events');
	const reader = events.body!.getReader();
	let text = '';
	const signalled = unit.api('/v1/processes/worker-0/restart', {method: 'POST'});
	while (!text.includes('"event":"ready","name":"worker-0"')) {
		const {value} = await reader.read();
		text += Buffer.from(value!).toString();
	}

	await reader.cancel();
	await signalled;
	const frames = text.split('\n').filter(line => line.startsWith('data: ')).map(line => JSON.parse(line.slice(6)) as unknown);
	t.true(frames.length > 3);
	check('GET', '/v1/events', 200, 'text/event-stream', frames);
	t.is((await ask('POST', '/v1/stop')).status, 200);
	t.deepEqual(Object.keys(document.paths).filter(each => !asked.has(each)), [], 'every path of the document was asked');
});
