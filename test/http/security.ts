import net from 'node:net';
import test from 'ava';
import {MAX_REQUEST_BYTES} from '../../lib/control/protocol.js';
import {runCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {runtimeDir, uniqueName} from '../helpers/unit.js';
import {rawRequest, startApi, TOKEN} from './_api.js';

const main = {command: fixture('forever.js')};
const bearer = {authorization: `Bearer ${TOKEN}`};

test('a public address without a token refuses to start: exit 78, naming http.host and http.token', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {name: uniqueName('http-public'), main, http: {port: 0, host: '0.0.0.0'}}});
	for (const command of ['run', 'check']) {
		const {exitCode, stderr} = await runCli([command], {cwd, env: {XDG_RUNTIME_DIR: runtimeDir(t)}});
		t.is(exitCode, 78, command);
		t.regex(stderr, /http\.host: got "0\.0\.0\.0".*http\.token/, command);
	}
});

test('a port that cannot be bound fails the start with exit 69, naming the address', async t => {
	const taken = net.createServer();
	await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve));
	t.teardown(() => taken.close());
	const {port} = taken.address() as net.AddressInfo;
	const cwd = makeProject(t, {'sidecar.config.json': {name: uniqueName('http-taken'), main, http: {port}}});
	const {exitCode, stderr} = await runCli(['run'], {cwd, env: {XDG_RUNTIME_DIR: runtimeDir(t)}});
	t.is(exitCode, 69);
	t.regex(stderr, new RegExp(`unable to serve the http API on 127\\.0\\.0\\.1:${port}: listen EADDRINUSE`));
});

test('with a token, every /v1 request needs it, even on loopback; /healthz, /readyz and the page do not', async t => {
	const unit = await startApi(t, {main}, {token: TOKEN});
	for (const [path, method] of [['/v1/status', 'GET'], ['/v1/events', 'GET'], ['/v1/logs', 'GET'], ['/v1/openapi.json', 'GET'], ['/metrics', 'GET'], ['/v1/reload', 'POST']] as const) {
		const none = await rawRequest(unit.port, path, {method});
		t.is(none.status, 401, `${method} ${path} without a token`);
		t.is(none.headers['www-authenticate'], 'Bearer realm="sidecar"');
		t.is((await rawRequest(unit.port, path, {method, headers: {authorization: `Bearer ${TOKEN.slice(1)}x`}})).status, 401, `${method} ${path} with a wrong one`);
	}

	t.is((await rawRequest(unit.port, '/v1/status', {headers: bearer})).status, 200);
	t.like(JSON.parse((await rawRequest(unit.port, '/v1/processes/main/signal', {method: 'POST', headers: bearer, body: '{"signal": "SIGCONT"}'})).body), {ok: true, type: 'signal'});
	t.is((await rawRequest(unit.port, '/healthz')).status, 200);
	t.is((await rawRequest(unit.port, '/')).status, 200);
	t.true([200, 503].includes((await rawRequest(unit.port, '/readyz')).status), '/readyz answers, ready or not yet (main is ready after its first second)');
});

test('a mutation from a page of another origin is refused 403, with no CORS header; the same origin passes', async t => {
	const unit = await startApi(t, {main});
	const foreign: Array<Record<string, string>> = [{origin: 'http://evil.example'}, {origin: `http://localhost:${unit.port + 1}`}, {'sec-fetch-site': 'cross-site'}];
	for (const headers of foreign) {
		const refused = await rawRequest(unit.port, '/v1/processes/main/signal', {method: 'POST', headers, body: '{"signal": "SIGCONT"}'});
		t.is(refused.status, 403, JSON.stringify(headers));
		t.regex(JSON.parse(refused.body).error as string, /another origin/);
		t.false(Object.keys(refused.headers).some(name => name.startsWith('access-control-')));
	}

	const preflight = await rawRequest(unit.port, '/v1/processes/main/restart', {method: 'OPTIONS', headers: {origin: 'http://evil.example', 'access-control-request-method': 'POST'}});
	t.is(preflight.status, 405);
	t.false(Object.keys(preflight.headers).some(name => name.startsWith('access-control-')));
	const same = await rawRequest(unit.port, '/v1/processes/main/signal', {method: 'POST', headers: {origin: `http://127.0.0.1:${unit.port}`, 'sec-fetch-site': 'same-origin'}, body: '{"signal": "SIGCONT"}'});
	t.is(same.status, 200);
});

test('without a token, a Host that is not loopback (a DNS-rebound page) is refused 421', async t => {
	const unit = await startApi(t, {main});
	t.is((await rawRequest(unit.port, '/v1/status', {headers: {host: `rebound.example:${unit.port}`}})).status, 421);
	t.is((await rawRequest(unit.port, '/v1/status', {headers: {host: `localhost:${unit.port}`}})).status, 200);
});

test('a body over the bound is refused 413, declared or not', async t => {
	const unit = await startApi(t, {main});
	const big = Buffer.alloc(MAX_REQUEST_BYTES + 1, 'x');
	t.is((await rawRequest(unit.port, '/v1/reload', {method: 'POST', body: big})).status, 413);
	t.is((await rawRequest(unit.port, '/v1/reload', {method: 'POST', headers: {'transfer-encoding': 'chunked'}, body: big})).status, 413);
	t.is((await rawRequest(unit.port, '/healthz')).status, 200, 'and the listener serves on');
});

test('environment values never leave: not in /v1/status, nor in /v1/events', async t => {
	const secret = 'hunter2-value-of-a-secret';
	const unit = await startApi(t, {main: {...main, env: {SECRET: secret}}, sidecars: {web: {command: fixture('exit.js', '1', '200'), start: 'after', env: {API_KEY: secret}, maxRestarts: {count: 1}}}});
	const events = await unit.api('/v1/events');
	const reader = events.body!.getReader();
	let text = '';
	while (!text.includes('"event":"fatal"')) {
		const {value} = await reader.read();
		text += Buffer.from(value!).toString();
	}

	await reader.cancel();
	const status = await (await unit.api('/v1/status')).text();
	t.true(text.includes('"name":"web"'));
	t.false(text.includes(secret));
	t.false(status.includes(secret));
});
