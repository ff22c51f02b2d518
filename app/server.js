// The project's example app: answers HTTP on PORT, writes one line per request to stdout and to
// LOG_FILE (shipped by the log shipper), counts requests on /counters (republished by the metrics
// sidecar), and re-reads its greeting on SIGUSR1 without restarting.
import {appendFileSync, mkdirSync, readFileSync} from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const port = Number(process.env.PORT ?? 8080);
const logFile = process.env.LOG_FILE ?? 'app.log';
const counters = {requests_total: 0, errors_total: 0};
mkdirSync(path.dirname(logFile), {recursive: true});

const readGreeting = () => {
	try {
		return readFileSync(process.env.GREETING_FILE ?? new URL('greeting.txt', import.meta.url), 'utf8').trim();
	} catch {
		return 'hello';
	}
};

let greeting = readGreeting();
process.on('SIGUSR1', () => {
	greeting = readGreeting();
	console.log(`reloaded greeting: ${greeting}`);
});

const server = http.createServer((request, response) => {
	if (request.url === '/healthz') {
		response.end('ok\n');
		return;
	}

	if (request.url === '/counters') {
		response.setHeader('content-type', 'application/json');
		response.end(JSON.stringify(counters));
		return;
	}

	counters.requests_total += 1;
	const line = `${new Date().toISOString()} ${request.method} ${request.url}`;
	console.log(line);
	appendFileSync(logFile, `${line}\n`);
	response.end(`${greeting} from pid ${process.pid}\n`);
});
server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}`));
// Stop promptly: close() waits for every connection still in use, and a keep-alive client that keeps asking
// holds one open for good. Idle connections end now, the rest after a short grace for requests in flight.
process.on('SIGTERM', () => {
	server.close(() => process.exit(0));
	server.closeIdleConnections();
	setTimeout(() => server.closeAllConnections(), 300).unref();
});
