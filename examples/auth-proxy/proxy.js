// The auth-proxy sidecar: one process, two listeners. Inbound on PROXY_PORT (the unit's public face) checks
// bearer tokens in front of the app; outbound on AMBASSADOR_PORT is the app's door to the upstream service.
import http from 'node:http';
import {CircuitBreaker} from './breaker.js';
import {createInbound} from './inbound.js';
import {createOutbound} from './outbound.js';

const environment = (name, fallback) => process.env[name] ?? fallback;
const log = message => console.log(message);
const secret = environment('AUTH_SECRET', 'dev-only-secret');
if (secret === 'dev-only-secret') {
	log('AUTH_SECRET is not set: using the development secret');
}

const inbound = createInbound({app: `http://127.0.0.1:${environment('APP_PORT', '18141')}`, secret, log});
const breaker = new CircuitBreaker({threshold: Number(environment('BREAKER_THRESHOLD', 3)), cooldown: Number(environment('BREAKER_COOLDOWN_MS', 10_000)), log});
const outbound = createOutbound({
	upstream: environment('UPSTREAM_URL', 'http://127.0.0.1:18143'),
	attempts: Number(environment('RETRY_ATTEMPTS', 3)),
	backoff: Number(environment('RETRY_BACKOFF_MS', 100)),
	breaker,
	log,
});

const listen = (handler, port, host) => new Promise(resolve => {
	const server = http.createServer(handler).listen(Number(port), host, () => resolve(server));
});
const servers = await Promise.all([
	listen(inbound, environment('PROXY_PORT', '18140'), environment('PROXY_HOST', '127.0.0.1')),
	listen(outbound, environment('AMBASSADOR_PORT', '18142'), '127.0.0.1'),
]);
log(`auth proxy on ${environment('PROXY_HOST', '127.0.0.1')}:${environment('PROXY_PORT', '18140')}, ambassador on 127.0.0.1:${environment('AMBASSADOR_PORT', '18142')}`);
process.on('SIGTERM', () => {
	for (const server of servers) {
		server.close();
		server.closeAllConnections();
	}
});
