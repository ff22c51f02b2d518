import http from 'node:http';
import type {ExecutionContext} from 'ava';
import {freePort} from '../helpers/ports.js';
import {startUnit, type StartOptions} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';

// A token for tests: long enough for http.token's 16 characters.
export const TOKEN = 'test-token-0123456789abcdef';

// `sidecar run` with `http` on a free loopback port (plus `settings`), once /healthz answers.
export async function startApi(t: ExecutionContext, config: Record<string, unknown>, settings: Record<string, unknown> = {}, options?: StartOptions) {
	const port = await freePort();
	const unit = await startUnit(t, {...config, http: {port, ...settings}}, options);
	const base = `http://127.0.0.1:${port}`;
	await waitFor(async () => (await fetch(`${base}/healthz`).catch(() => undefined))?.ok, 20_000, 'the http API');
	return {...unit, port, base, api: async (path: string, init?: RequestInit) => fetch(`${base}${path}`, init)};
}

// A raw request (node:http: fetch will not send a Host header of our own), its status, headers and body.
export async function rawRequest(port: number, path: string, options: {method?: string; headers?: Record<string, string>; body?: string | Buffer} = {}) {
	return new Promise<{status: number; headers: http.IncomingHttpHeaders; body: string}>((resolve, reject) => {
		const request = http.request({host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers}, response => {
			let body = '';
			response.setEncoding('utf8');
			response.on('data', (chunk: string) => {
				body += chunk;
			});
			response.on('end', () => resolve({status: response.statusCode!, headers: response.headers, body}));
		});
		request.on('error', reject);
		request.end(options.body);
	});
}

// Replaces what differs between two asks of the same unit (pids, times, usage) so two replies compare equal.
export function normalize(value: unknown): unknown {
	if (Array.isArray(value)) {
		return value.map(item => normalize(item));
	}

	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) =>
			[key, ['pid', 'pids', 'uptimeMs', 'cpu', 'memory', 'time', 'nextRun', 'lastRun', 'lastSuccess'].includes(key) && item !== null ? `<${key}>` : normalize(item)]));
	}

	return value;
}
