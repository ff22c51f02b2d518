// Stands in for an outside service the app depends on (a price API). For demos and tests it can be told
// to fail: POST /admin/fail makes /quote answer 500, POST /admin/heal undoes it; GET /admin/hits counts calls.
import http from 'node:http';

const port = Number(process.env.UPSTREAM_PORT ?? 18143);
let failing = false;
let hits = 0;

const server = http.createServer((request, response) => {
	if (request.url.startsWith('/admin/')) {
		failing = request.url === '/admin/fail' ? true : request.url === '/admin/heal' ? false : failing;
		response.end(`${JSON.stringify({failing, hits})}\n`);
		return;
	}

	hits += 1;
	response.statusCode = failing ? 500 : 200;
	response.end(failing ? 'internal error\n' : `${JSON.stringify({symbol: 'ACME', price: 41 + (hits % 3)})}\n`);
});
server.listen(port, '127.0.0.1', () => console.log(`upstream on http://127.0.0.1:${port}`));
// Stop promptly: close() waits for every connection still in use, and a keep-alive client that keeps asking
// holds one open for good. Idle connections end now, the rest after a short grace for requests in flight.
process.on('SIGTERM', () => {
	server.close(() => process.exit(0));
	server.closeIdleConnections();
	setTimeout(() => server.closeAllConnections(), 300).unref();
});
