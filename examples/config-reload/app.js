// The app: serves its current config; on SIGUSR1 re-reads CONFIG_FILE in place (same process, same pid).
import {readFileSync} from 'node:fs';
import http from 'node:http';

const port = Number(process.env.APP_PORT ?? 18130);
const file = process.env.CONFIG_FILE ?? 'live/settings.json';
const load = () => JSON.parse(readFileSync(file, 'utf8'));
let config = load();
const loadedAt = () => new Date().toISOString();
let since = loadedAt();

process.on('SIGUSR1', () => {
	try {
		config = load();
		since = loadedAt();
		console.log(`reloaded config version ${config.version}: greeting "${config.greeting}"`);
	} catch (error) {
		console.log(`unable to reload ${file}: ${error.message}; keeping version ${config.version}`);
	}
});

const server = http.createServer((request, response) => {
	response.setHeader('content-type', 'application/json');
	response.end(`${JSON.stringify({greeting: config.greeting, maxItems: config.maxItems, version: config.version, pid: process.pid, since})}\n`);
});
server.listen(port, '127.0.0.1', () => console.log(`serving config version ${config.version} on http://127.0.0.1:${port}`));
// Stop promptly: close() waits for every connection still in use, and a keep-alive client that keeps asking
// holds one open for good. Idle connections end now, the rest after a short grace for requests in flight.
process.on('SIGTERM', () => {
	server.close(() => process.exit(0));
	server.closeIdleConnections();
	setTimeout(() => server.closeAllConnections(), 300).unref();
});
