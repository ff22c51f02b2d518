import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {EXIT, SidecarError} from '../errors.js';

// A listening metrics endpoint and the address it actually bound (port 0 picks one).
export type MetricsServer = {url: string; close: () => Promise<void>};

// The unit's /healthz and /readyz answers (docs/http.md, Readiness): a status and a JSON body.
export type Probes = Record<'/healthz' | '/readyz', () => {status: number; body: unknown}>;

// GET /metrics → Prometheus text from `render`; /healthz and /readyz from `probes`; anything else 404. A port that
// cannot be bound fails the start (exit 69).
export async function serveMetrics(host: string, port: number, render: () => Promise<string>, probes?: Probes): Promise<MetricsServer> {
	const server = http.createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		const probe = request.method === 'GET' && (url.pathname === '/healthz' || url.pathname === '/readyz') ? probes?.[url.pathname] : undefined;
		if (probe !== undefined) {
			const {status, body} = probe();
			response.writeHead(status, {'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store'}).end(`${JSON.stringify(body)}\n`);
			return;
		}

		if (request.method !== 'GET' || url.pathname !== '/metrics') {
			response.writeHead(404, {'content-type': 'text/plain'}).end('not found: try /metrics, /healthz or /readyz\n');
			return;
		}

		render().then(text => {
			response.writeHead(200, {'content-type': 'text/plain; version=0.0.4; charset=utf-8'}).end(text);
		}, (error: unknown) => {
			response.writeHead(500, {'content-type': 'text/plain'}).end(`unable to collect metrics: ${String(error)}\n`);
		});
	});
	server.keepAliveTimeout = 5000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', error => {
			reject(new SidecarError(`unable to serve metrics on ${host}:${port}: ${error.message}`, EXIT.unavailable, {cause: error}));
		});
		server.listen(port, host, resolve);
	});
	server.on('error', () => {});
	const address = server.address() as AddressInfo;
	const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	return {
		url: `http://${shownHost}:${address.port}/metrics`,
		async close() {
			server.closeAllConnections();
			await new Promise(resolve => server.close(resolve));
		},
	};
}
