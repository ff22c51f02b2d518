// The app: counts what it does and exposes the counters as JSON on /counters (its own format, not Prometheus).
import http from 'node:http';

const port = Number(process.env.APP_PORT ?? 18120);
const counters = {requests_total: 0, errors_total: 0, orders_total: 0};
const inflight = new Set();

const server = http.createServer((request, response) => {
	if (request.url === '/counters') {
		response.setHeader('content-type', 'application/json');
		response.end(JSON.stringify({...counters, inflight: inflight.size}));
		return;
	}

	counters.requests_total += 1;
	inflight.add(response);
	response.on('close', () => inflight.delete(response));
	if (request.url === '/order') {
		counters.orders_total += 1;
		response.end('order placed\n');
	} else if (request.url === '/healthz') {
		response.end('ok\n');
	} else {
		counters.errors_total += 1;
		response.statusCode = 404;
		response.end('not found\n');
	}
});
server.listen(port, '127.0.0.1', () => console.log(`app on http://127.0.0.1:${port} (counters on /counters)`));
// Stop promptly: close() waits for every connection still in use, and a keep-alive client that keeps asking
// holds one open for good. Idle connections end now, the rest after a short grace for requests in flight.
process.on('SIGTERM', () => {
	server.close(() => process.exit(0));
	server.closeIdleConnections();
	setTimeout(() => server.closeAllConnections(), 300).unref();
});
