// The app behind nginx: answers with who served it. Logs a SIGHUP if one ever reaches it (it should not:
// the signals table routes SIGHUP to nginx only).
import http from 'node:http';

const port = Number(process.env.APP_PORT ?? 18161);
let served = 0;
const server = http.createServer((request, response) => {
	served += 1;
	response.setHeader('content-type', 'application/json');
	response.end(`${JSON.stringify({app: 'real-world', pid: process.pid, served, forwardedFor: request.headers['x-forwarded-for'] ?? null})}\n`);
});
server.listen(port, '127.0.0.1', () => console.log(`app on http://127.0.0.1:${port}`));
process.on('SIGHUP', () => console.log('app got SIGHUP'));
// Stop promptly: close() waits for every connection still in use, and a keep-alive client that keeps asking
// holds one open for good. Idle connections end now, the rest after a short grace for requests in flight.
process.on('SIGTERM', () => {
	server.close(() => process.exit(0));
	server.closeIdleConnections();
	setTimeout(() => server.closeAllConnections(), 300).unref();
});
