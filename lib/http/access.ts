import {createHash, timingSafeEqual} from 'node:crypto';
import type {IncomingHttpHeaders} from 'node:http';
import {isLoopback} from '../config/resolve-http.js';

// Why a request is refused: its status and the error reply's message.
export type Refusal = {status: 401 | 403 | 421; error: string; headers?: Record<string, string>};

// The listener's rules (docs/http.md, Security): `token` null means loopback only.
export type AccessRules = {token: string | null};

// Equal lengths for timingSafeEqual, and no early exit on the first differing byte: compare digests.
const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

// `Authorization: Bearer TOKEN`, compared in constant time.
export function hasToken(headers: IncomingHttpHeaders, token: string): boolean {
	const match = /^Bearer +(\S+) *$/i.exec(headers.authorization ?? '');
	return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

// The host part of a Host header or an origin's host: `127.0.0.1:9465` → `127.0.0.1`, `[::1]:80` → `::1`.
const hostName = (host: string): string => host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');

// A mutation from a browser page of another origin (a form or fetch a foreign page makes the browser send): the
// browser says so in Sec-Fetch-Site (any value but same-origin or none), or in an Origin other than this server.
function isForeign(headers: IncomingHttpHeaders): string | undefined {
	const site = headers['sec-fetch-site'];
	if (site !== undefined && site !== 'same-origin' && site !== 'none') {
		return `Sec-Fetch-Site: ${site}`;
	}

	const {origin} = headers;
	if (origin === undefined) {
		return undefined;
	}

	try {
		return new URL(origin).host === headers.host ? undefined : `Origin: ${origin}`;
	} catch {
		return `Origin: ${origin}`;
	}
}

// Checks one request against the rules; undefined lets it through. Without a token the Host header must name a
// loopback address, or a page on a DNS-rebound name could read the API as its own origin.
export function checkAccess(headers: IncomingHttpHeaders, route: {mutating: boolean; open?: boolean}, {token}: AccessRules): Refusal | undefined {
	if (route.open === true) {
		return undefined;
	}

	if (token === null && !isLoopback(hostName(headers.host ?? ''))) {
		return {status: 421, error: `unable to serve host ${JSON.stringify(headers.host ?? '')}: without http.token only loopback names are served (127.0.0.1, ::1, localhost)`};
	}

	if (token !== null && !hasToken(headers, token)) {
		const error = headers.authorization === undefined ? 'unable to serve request: it needs Authorization: Bearer TOKEN (http.token is set)' : 'unable to serve request: wrong token';
		return {status: 401, error, headers: {'www-authenticate': 'Bearer realm="sidecar"'}};
	}

	const foreign = route.mutating ? isForeign(headers) : undefined;
	return foreign === undefined ? undefined : {status: 403, error: `unable to serve request: it comes from a page of another origin (${foreign}); mutations are same-origin only`};
}
