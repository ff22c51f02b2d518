// The Node app: each answer combines the Python helper's fortune and the shell helper's heartbeat.
import {readFile} from 'node:fs/promises';
import http from 'node:http';

const port = Number(process.env.APP_PORT ?? 18150);
const fortunes = `http://127.0.0.1:${process.env.FORTUNE_PORT ?? 18151}/`;
const heartbeat = process.env.HEARTBEAT_FILE ?? '/tmp/sidecar-example-polyglot/heartbeat.txt';

const server = http.createServer(async (_request, response) => {
	const fortune = await fetch(fortunes, {signal: AbortSignal.timeout(1000)}).then(async answer => answer.json()).catch(error => ({error: error.cause?.code ?? error.message}));
	const beat = await readFile(heartbeat, 'utf8').then(text => text.trim()).catch(() => 'no heartbeat yet');
	response.setHeader('content-type', 'application/json');
	response.end(`${JSON.stringify({fortune, heartbeat: beat, node: process.version})}\n`);
});
server.listen(port, '127.0.0.1', () => console.log(`app on http://127.0.0.1:${port}`));
// Stop promptly: close() waits for every connection still in use, and a keep-alive client that keeps asking
// holds one open for good. Idle connections end now, the rest after a short grace for requests in flight.
process.on('SIGTERM', () => {
	server.close(() => process.exit(0));
	server.closeIdleConnections();
	setTimeout(() => server.closeAllConnections(), 300).unref();
});
