// Inbound: checks the bearer token of every request, answers 401 to a missing or bad one, and forwards a
// good one to the app with X-User-Id and X-User-Roles (set here only: a client cannot send its own).
import http from 'node:http';
import {verifyToken} from './token.js';

const deny = (response, reason) => {
	response.writeHead(401, {'www-authenticate': `Bearer error="invalid_token", error_description="${reason}"`, 'content-type': 'text/plain'});
	response.end(`401 unauthorized: ${reason}\n`);
};

// An http request handler forwarding to the app at `app` (http://127.0.0.1:PORT).
export const createInbound = ({app, secret, log}) => (request, response) => {
	const [scheme, token] = (request.headers.authorization ?? '').split(' ');
	if (scheme !== 'Bearer' || !token) {
		deny(response, 'missing bearer token');
		return;
	}

	const {claims, reason} = verifyToken(token, secret);
	if (!claims) {
		log(`401 ${request.method} ${request.url}: ${reason}`);
		deny(response, reason);
		return;
	}

	const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'authorization' && !name.startsWith('x-user-')));
	const target = new URL(request.url, app);
	const upstream = http.request(target, {method: request.method, headers: {...headers, 'x-user-id': claims.sub, 'x-user-roles': claims.roles.join(',')}}, answer => {
		response.writeHead(answer.statusCode, answer.headers);
		answer.pipe(response);
	});
	upstream.on('error', error => {
		response.writeHead(502, {'content-type': 'text/plain'});
		response.end(`502 bad gateway: app unreachable (${error.code})\n`);
	});
	request.pipe(upstream);
};
