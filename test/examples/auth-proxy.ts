import {createHmac} from 'node:crypto';
import os from 'node:os';
import test from 'ava';
import {waitFor, waitForLine} from '../helpers/wait-for.js';
import {freePort, request, startExample} from './_example.js';

const secret = 'test-secret';
// Written from the README's token format, independently of examples/auth-proxy/token.js.
const token = (claims: object, key = secret) => {
	const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
	return `Bearer ${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
};

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const outsideAddress = Object.values(os.networkInterfaces()).flat().find(address => address?.family === 'IPv4' && !address.internal)?.address;

test('the proxy answers 401 without a good token and forwards identity headers with one; the ambassador retries and breaks the circuit', async t => {
	const ports = {PROXY_PORT: await freePort(), APP_PORT: await freePort(), AMBASSADOR_PORT: await freePort(), UPSTREAM_PORT: await freePort()};
	const env = {...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])), AUTH_SECRET: secret, BREAKER_COOLDOWN_MS: '1000'};
	const {subprocess} = startExample(t, 'auth-proxy', env);
	await waitForLine(subprocess.stdout, /sidecar +\| main ready/, 20_000);
	const proxy = (path: string, authorization?: string, headers: Record<string, string> = {}) =>
		request(`http://127.0.0.1:${ports.PROXY_PORT}${path}`, {headers: authorization ? {authorization, ...headers} : headers});

	const missing = await proxy('/whoami');
	t.is(missing.status, 401);
	t.regex(missing.headers.get('www-authenticate') ?? '', /^Bearer /);
	t.is((await proxy('/whoami', token({sub: 'mallory', roles: ['admin'], exp: inAnHour()}, 'guessed'))).status, 401);
	const expired = await proxy('/whoami', token({sub: 'alice', roles: ['reader'], exp: Math.floor(Date.now() / 1000) - 5}));
	t.is(expired.status, 401);
	t.regex(expired.body, /token expired/);

	const alice = token({sub: 'alice', roles: ['admin', 'reader'], exp: inAnHour()});
	const good = await proxy('/whoami', alice, {'x-user-id': 'root'});
	t.is(good.status, 200);
	t.deepEqual(JSON.parse(good.body), {user: 'alice', roles: 'admin,reader'}, 'set by the proxy, not by the client');
	if (outsideAddress) {
		t.is((await request(`http://${outsideAddress}:${ports.APP_PORT}/whoami`)).status, 0, 'the app is on loopback only');
	}

	const quote = await proxy('/quote', alice);
	t.is(quote.status, 200);
	t.like(JSON.parse(quote.body), {quote: {symbol: 'ACME'}});

	const upstream = (action: string) => request(`http://127.0.0.1:${ports.UPSTREAM_PORT}/admin/${action}`, {method: 'POST'});
	const hits = async () => (JSON.parse((await upstream('hits')).body) as {hits: number}).hits;
	await upstream('fail');
	const opening = waitForLine(subprocess.stdout, /proxy +\| circuit open for 1000ms after 3 failed calls/);
	const before = await hits();
	t.is((await proxy('/quote', alice)).status, 502);
	t.is(await hits() - before, 3, 'one call and two retries');
	await proxy('/quote', alice);
	await proxy('/quote', alice);
	await opening;
	const opened = await hits();
	const fast = await proxy('/quote', alice);
	t.is(fast.status, 503);
	t.is(fast.headers.get('x-circuit'), 'open');
	t.is(await hits(), opened, 'an open circuit does not call the upstream');

	await upstream('heal');
	await waitFor(async () => (await proxy('/quote', alice)).status === 200, 10_000, 'the circuit to close after the cooldown');

	subprocess.kill('SIGTERM');
	const {exitCode, stdout} = await subprocess;
	t.is(exitCode, 0);
	t.regex(stdout, /proxy +\| retry 2\/2 of GET \/quote/);
	t.regex(stdout, /proxy +\| circuit half-open[\s\S]*proxy +\| circuit closed/);
});
