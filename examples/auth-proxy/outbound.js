// Outbound (ambassador): the app calls http://127.0.0.1:AMBASSADOR_PORT/PATH and the ambassador calls
// UPSTREAM_URL/PATH, retrying idempotent requests with exponential backoff and jitter on errors and 5xx,
// behind a circuit breaker, so a failing upstream costs the app one fast 503 instead of a pile-up.
import {setTimeout as sleep} from 'node:timers/promises';

const retriable = status => status >= 500;

// An http request handler for the app's outgoing calls.
export const createOutbound = ({upstream, attempts, backoff, breaker, log}) => async (request, response) => {
	if (!breaker.allow()) {
		response.writeHead(503, {'x-circuit': 'open', 'retry-after': String(breaker.retryAfter()), 'content-type': 'text/plain'});
		response.end('503 upstream unavailable: circuit open\n');
		return;
	}

	const idempotent = request.method === 'GET' || request.method === 'HEAD';
	let last = '';
	for (let attempt = 1; attempt <= (idempotent ? attempts : 1); attempt++) {
		if (attempt > 1) {
			const delay = Math.round(backoff * (2 ** (attempt - 2)) * (0.5 + Math.random())); // ±50 % jitter.
			log(`retry ${attempt - 1}/${attempts - 1} of ${request.method} ${request.url} in ${delay}ms (${last})`);
			await sleep(delay); // eslint-disable-line no-await-in-loop
		}

		try {
			const answer = await fetch(new URL(request.url, upstream), {method: request.method, signal: AbortSignal.timeout(2000)}); // eslint-disable-line no-await-in-loop
			if (!retriable(answer.status)) {
				breaker.succeeded();
				response.writeHead(answer.status, {'content-type': answer.headers.get('content-type') ?? 'text/plain', 'x-attempts': String(attempt)});
				response.end(Buffer.from(await answer.arrayBuffer())); // eslint-disable-line no-await-in-loop
				return;
			}

			last = `HTTP ${answer.status}`;
		} catch (error) {
			last = error.cause?.code ?? error.name;
		}
	}

	breaker.failed();
	response.writeHead(502, {'x-circuit': breaker.state, 'content-type': 'text/plain'});
	response.end(`502 upstream failed: ${last}\n`);
};
