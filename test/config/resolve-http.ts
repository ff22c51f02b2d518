import test from 'ava';
import {isLoopback} from '../../lib/config/resolve-http.js';
import {resolveConfig} from '../../lib/config/resolve.js';
import {maskEnv} from '../../lib/config/mask-env.js';
import {configProblems} from '../helpers/config-problems.js';

const main = {command: 'node server.js'};
const token = 'a-token-of-32-characters-exactly';

test('http resolves to loopback and no token by default; absent, it is null', t => {
	t.deepEqual(resolveConfig({main, http: {port: 9465}}, '/srv/shop').http, {port: 9465, host: '127.0.0.1', token: null});
	t.is(resolveConfig({main}, '/srv/shop').http, null);
});

test('any address but loopback without a token is refused, naming http.host and http.token', t => {
	const [problem, ...rest] = configProblems({main, http: {port: 9465, host: '0.0.0.0'}});
	t.deepEqual(rest, []);
	t.regex(problem!, /^http\.host: got "0\.0\.0\.0", expected .*set http\.token/);
	t.deepEqual(configProblems({main, http: {port: 9465, host: '0.0.0.0', token}}), []);
});

test('a short token, a missing port and the metrics port are refused; the token is never printed', t => {
	t.deepEqual(configProblems({main, http: {port: 9465, token: 'hunter2'}}), ['http.token: got "****", expected a token of at least 16 characters (e.g. `openssl rand -hex 16`)']);
	t.regex(configProblems({main, http: {}})[0]!, /^http\.port: got nothing/);
	t.regex(configProblems({main, http: {port: 9465}, metrics: {port: 9465}})[0]!, /^http\.port: got 9465, expected a port other than metrics\.port/);
});

test('loopback: 127.0.0.0/8, ::1 and localhost', t => {
	for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) {
		t.true(isLoopback(host), host);
	}

	for (const host of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '127.example.com']) {
		t.false(isLoopback(host), host);
	}
});

test('`check` shows that a token is set, never the token', t => {
	const masked = maskEnv(resolveConfig({main, http: {port: 9465, host: '0.0.0.0', token}}, '/srv/shop'));
	t.deepEqual(masked.http, {port: 9465, host: '0.0.0.0', token: '****'});
	t.false(JSON.stringify(masked).includes(token));
});
