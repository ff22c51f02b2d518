import test from 'ava';
import {checkAccess, hasToken} from '../../lib/http/access.js';

const token = 'a-token-of-32-characters-exactly';
const read = {mutating: false};
const write = {mutating: true};
const local = {host: '127.0.0.1:9465'};

test('without a token: loopback Host names pass, any other is refused (a DNS-rebound page)', t => {
	for (const host of ['127.0.0.1:9465', 'localhost:9465', '[::1]:9465', 'localhost']) {
		t.is(checkAccess({host}, write, {token: null}), undefined, host);
	}

	t.is(checkAccess({host: 'evil.example:9465'}, read, {token: null})?.status, 421);
});

test('with a token: every /v1 request needs it, read or write, even on loopback', t => {
	t.is(checkAccess(local, read, {token})?.status, 401);
	t.is(checkAccess({...local, authorization: 'Bearer wrong'}, write, {token})?.status, 401);
	t.regex(checkAccess({...local, authorization: 'Bearer wrong'}, write, {token})!.error, /wrong token/);
	t.is(checkAccess({...local, authorization: `Bearer ${token}`}, write, {token}), undefined);
	t.is(checkAccess({host: 'sidecar.internal:9465', authorization: `Bearer ${token}`}, read, {token}), undefined);
});

test('open routes (/healthz, /readyz, the page) need nothing', t => {
	t.is(checkAccess({host: 'anything'}, {mutating: false, open: true}, {token}), undefined);
});

test('a mutation from another origin is refused; a read from it is not', t => {
	t.is(checkAccess({...local, origin: 'http://evil.example'}, write, {token: null})?.status, 403);
	t.is(checkAccess({...local, origin: 'http://127.0.0.1:3000'}, write, {token: null})?.status, 403);
	t.is(checkAccess({...local, origin: 'null'}, write, {token: null})?.status, 403);
	t.is(checkAccess({...local, 'sec-fetch-site': 'cross-site'}, write, {token: null})?.status, 403);
	t.is(checkAccess({...local, 'sec-fetch-site': 'same-site'}, write, {token: null})?.status, 403);
	t.is(checkAccess({...local, origin: 'http://127.0.0.1:9465', 'sec-fetch-site': 'same-origin'}, write, {token: null}), undefined);
	t.is(checkAccess({...local, origin: 'http://evil.example'}, read, {token: null}), undefined);
});

test('the token is read from a Bearer header only', t => {
	t.true(hasToken({authorization: `Bearer ${token}`}, token));
	t.true(hasToken({authorization: `bearer ${token}`}, token));
	t.false(hasToken({authorization: `Basic ${token}`}, token));
	t.false(hasToken({authorization: `Bearer ${token}x`}, token));
	t.false(hasToken({}, token));
});
