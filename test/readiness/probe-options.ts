import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {checkHttp} from '../../lib/readiness/http.js';
import {resolveConfig} from '../../lib/config/resolve.js';
import {fixture} from '../helpers/fixtures.js';
import {logged, startUnit} from '../helpers/unit.js';

const defaults = {headers: {}, insecure: false, status: [200, 399] as [number, number]};

// A server on a free loopback port answering `status`; `seen` holds the headers of each request.
async function serve(t: ExecutionContext, status: number, server: http.Server = http.createServer()) {
	const seen: http.IncomingHttpHeaders[] = [];
	server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
		seen.push(request.headers);
		response.statusCode = status;
		response.end();
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	t.teardown(() => server.close());
	return {port: (server.address() as {port: number}).port, seen};
}

test('headers are sent with every check', async t => {
	const {port, seen} = await serve(t, 200);
	const result = await checkHttp(`http://127.0.0.1:${port}/`, 1000, new AbortController().signal, {...defaults, headers: {authorization: 'Bearer probe', 'x-probe': '1'}});
	t.true(result.passed);
	t.is(seen[0]!.authorization, 'Bearer probe');
	t.is(seen[0]!['x-probe'], '1');
});

test('the expected status range decides: 401 passes [200, 401], 204 fails 200 alone', async t => {
	const unauthorized = await serve(t, 401);
	t.true((await checkHttp(`http://127.0.0.1:${unauthorized.port}/`, 1000, new AbortController().signal, {...defaults, status: [200, 401]})).passed);
	t.deepEqual(await checkHttp(`http://127.0.0.1:${unauthorized.port}/`, 1000, new AbortController().signal), {passed: false, reason: 'status 401'});
	const noContent = await serve(t, 204);
	t.deepEqual(await checkHttp(`http://127.0.0.1:${noContent.port}/`, 1000, new AbortController().signal, {...defaults, status: [200, 200]}), {passed: false, reason: 'status 204'});
});

const hasOpenssl = (() => {
	try {
		execFileSync('openssl', ['version'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
})();

(hasOpenssl ? test : test.skip)('a self-signed certificate fails unless insecure', async t => {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'sidecar-tls-'));
	t.teardown(() => rmSync(directory, {recursive: true, force: true}));
	const [key, cert] = [path.join(directory, 'key.pem'), path.join(directory, 'cert.pem')];
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], {stdio: 'ignore'});
	const {port} = await serve(t, 200, https.createServer({key: readFileSync(key), cert: readFileSync(cert)}));
	const url = `https://127.0.0.1:${port}/`;
	const strict = await checkHttp(url, 2000, new AbortController().signal);
	t.false(strict.passed);
	t.regex((strict as {reason: string}).reason, /self[- ]signed/i);
	t.true((await checkHttp(url, 2000, new AbortController().signal, {...defaults, insecure: true})).passed);
});

test('http options are checked at the boundary: a bad status range, headers on a tcp probe', t => {
	const error = t.throws(() => resolveConfig({main: {command: 'x', readiness: {http: 'http://127.0.0.1/', status: [500, 200]}}, sidecars: {a: {command: 'x', readiness: {tcp: 9000, headers: {a: 'b'}}}}}, '/tmp'));
	t.regex(error.message, /^main\.readiness\.status: got \[500,200\], expected a status code like 200, or a range like \[200, 299\] \(100-599\)$/m);
	t.regex(error.message, /^sidecars\.a\.readiness\.headers: got \{"a":"b"\}, expected no such key: it is an option of http probes$/m);
});

test('tcp takes host:port, IPv6 in brackets too', t => {
	const config = resolveConfig({main: {command: 'x', readiness: {tcp: '[::1]:9000'}}, sidecars: {a: {command: 'x', readiness: {tcp: 'db.internal:5432'}}}}, '/tmp');
	t.deepEqual(config.main.readiness?.probe, {kind: 'tcp', host: '::1', port: 9000});
	t.deepEqual(config.sidecars[0]!.readiness?.probe, {kind: 'tcp', host: 'db.internal', port: 5432});
});

test('an exec readiness probe has its own timeout per attempt (checkTimeout)', async t => {
	const unit = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {probed: {command: fixture('forever.js'), readiness: {exec: ['sleep', '5'], checkTimeout: '300ms', timeout: '2s'}}}}, logged);
	const {exitCode, stderr} = await unit.supervisor;
	t.is(exitCode, 69);
	t.regex(String(stderr), /unable to start probed: not ready after 2s \(exec probe: timed out after 300ms\)/);
});
