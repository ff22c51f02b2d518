// A stand-in for a central log collector: accepts batches over HTTP, keeps each entry once (by id)
// in RECEIVED_FILE, and reloads the ids it has seen when restarted.
import {appendFileSync, existsSync, mkdirSync, readFileSync} from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const port = Number(process.env.COLLECTOR_PORT ?? 18110);
const file = process.env.RECEIVED_FILE ?? 'received.jsonl';
mkdirSync(path.dirname(file), {recursive: true});
const seen = new Set(existsSync(file)
	? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line).id)
	: []);

const ingest = entries => {
	const fresh = entries.filter(entry => !seen.has(entry.id));
	for (const entry of fresh) {
		seen.add(entry.id);
	}

	appendFileSync(file, fresh.map(entry => `${JSON.stringify(entry)}\n`).join(''));
	console.log(`stored ${fresh.length} entries (${entries.length - fresh.length} duplicates ignored, ${seen.size} in total)`);
};

const server = http.createServer((request, response) => {
	if (request.method === 'GET') {
		response.end(`${JSON.stringify({entries: seen.size})}\n`);
		return;
	}

	let body = '';
	request.setEncoding('utf8');
	request.on('data', chunk => {
		body += chunk;
	});
	request.on('end', () => {
		try {
			ingest(JSON.parse(body));
			response.end('ok\n');
		} catch (error) {
			response.statusCode = 400;
			response.end(`unable to parse batch: ${error.message}\n`);
		}
	});
});
server.listen(port, '127.0.0.1', () => console.log(`collector listening on http://127.0.0.1:${port} (${seen.size} entries kept)`));
// Stop promptly: close() waits for every connection still in use, and a keep-alive client that keeps asking
// holds one open for good. Idle connections end now, the rest after a short grace for requests in flight.
process.on('SIGTERM', () => {
	server.close(() => process.exit(0));
	server.closeIdleConnections();
	setTimeout(() => server.closeAllConnections(), 300).unref();
});
