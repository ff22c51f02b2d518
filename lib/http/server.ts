import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {EXIT, SidecarError} from '../errors.js';
import {checkAccess} from './access.js';
import {errorReply, sendJson} from './http-reply.js';
import {matchRoute, type Route} from './router.js';

// A listening HTTP API and the address it bound (port 0 picks one).
export type HttpServer = {url: string; close: () => Promise<void>};

// Listens on host:port and serves `routes` under the access rules (lib/http/access.ts): an unknown path 404, a known
// one with another method 405, a refused request 401/403/421, each with a JSON error body. A port that cannot be
// bound fails the start (exit 69), as the metrics listener's does.
export async function serveHttp(host: string, port: number, routes: readonly Route[], token: string | null): Promise<HttpServer> {
	const server = http.createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		const match = matchRoute(routes, request.method ?? 'GET', url.pathname);
		if ('status' in match) {
			const allow: Record<string, string> = match.status === 405 ? {allow: match.allow.join(', ')} : {};
			sendJson(response, match.status, {ok: false, error: `unable to serve ${request.method} ${url.pathname}: ${match.status === 404 ? 'no such endpoint (see /v1/openapi.json)' : `allowed: ${match.allow.join(', ')}`}`, exitCode: EXIT.usage}, allow);
			return;
		}

		const refusal = checkAccess(request.headers, match.route, {token});
		if (refusal !== undefined) {
			sendJson(response, refusal.status, {ok: false, error: refusal.error, exitCode: EXIT.usage}, refusal.headers);
			request.resume(); // An unread body would hold the connection.
			return;
		}

		Promise.resolve(match.route.handle({request, response, params: match.params, query: url.searchParams})).catch((error: unknown) => {
			sendJson(response, 500, errorReply(error));
		});
	});
	server.keepAliveTimeout = 5000;
	server.headersTimeout = 10_000;
	server.requestTimeout = 0; // Streams (/v1/events, /v1/logs?follow=1) last as long as their client.
	await new Promise<void>((resolve, reject) => {
		server.once('error', error => {
			reject(new SidecarError(`unable to serve the http API on ${host}:${port}: ${error.message}`, EXIT.unavailable, {cause: error}));
		});
		server.listen(port, host, resolve);
	});
	server.on('error', () => {});
	const address = server.address() as AddressInfo;
	const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	return {
		url: `http://${shownHost}:${address.port}/`,
		async close() {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
}
