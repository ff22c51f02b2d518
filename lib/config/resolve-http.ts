import {isIP} from 'node:net';
import type {Issue} from '../errors.js';
import {DEFAULTS} from './defaults.js';
import {readNumber, readObject, readString} from './fields.js';
import type {ResolvedHttp} from './resolved-config.js';

// Addresses only this host can reach: the API may run there without a token (docs/http.md, Security).
export function isLoopback(host: string): boolean {
	if (host === 'localhost' || host === '::1' || host === '[::1]') {
		return true;
	}

	return isIP(host) === 4 && host.startsWith('127.');
}

// `http: {port, host?, token?}` → the API listener (docs/http.md), or null when it is not set. Any address but
// loopback needs a token; the metrics listener must not take the same port (two listeners cannot share one).
export function resolveHttp(value: unknown, metricsPort: number | null, issues: Issue[]): ResolvedHttp | null {
	if (value === undefined) {
		return null;
	}

	const spec = readObject('http', value, ['port', 'host', 'token'], issues);
	if (spec.port === undefined) {
		issues.push({path: 'http.port', given: undefined, expected: 'a port number from 0 (any free port) to 65535'});
	}

	const port = readNumber('http.port', spec.port, 0, {min: 0, integer: true}, issues);
	if (port > 65_535) {
		issues.push({path: 'http.port', given: port, expected: 'a port number from 0 (any free port) to 65535'});
	}

	const host = readString('http.host', spec.host, issues) ?? DEFAULTS.httpHost;
	const token = readString('http.token', spec.token, issues);
	if (token === null && spec.token === undefined && !isLoopback(host)) {
		issues.push({path: 'http.host', given: host, expected: 'a loopback address (127.0.0.1, ::1, localhost), or set http.token: any other address serves the API to the network'});
	}

	if (token !== null && token.length < 16) {
		issues.push({path: 'http.token', given: '****', expected: 'a token of at least 16 characters (e.g. `openssl rand -hex 16`)'});
	}

	if (metricsPort !== null && metricsPort > 0 && metricsPort === port) {
		issues.push({path: 'http.port', given: port, expected: `a port other than metrics.port (${metricsPort}): the http listener serves /metrics too, so drop one of them`});
	}

	return {port, host, token};
}
