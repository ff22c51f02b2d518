// The app: listens on loopback only, so it is reachable through the proxy alone. It trusts the identity
// headers the proxy sets and calls the outside world only through the ambassador.
import http from 'node:http';

const port = Number(process.env.APP_PORT ?? 18141);
const ambassador = `http://127.0.0.1:${process.env.AMBASSADOR_PORT ?? 18142}`;
const json = (response, status, body, headers = {}) => {
	response.writeHead(status, {'content-type': 'application/json', ...headers});
	response.end(`${JSON.stringify(body)}\n`);
};

const server = http.createServer(async (request, response) => {
	if (request.url === '/healthz') {
		json(response, 200, {ok: true});
	} else if (request.url === '/whoami') {
		json(response, 200, {user: request.headers['x-user-id'], roles: request.headers['x-user-roles']});
	} else if (request.url === '/quote') {
		const answer = await fetch(`${ambassador}/quote`).catch(error => ({status: 502, headers: new Headers(), text: async () => error.message}));
		const circuit = answer.headers.get('x-circuit');
		json(response, answer.status, {quote: answer.status === 200 ? JSON.parse(await answer.text()) : await answer.text()}, circuit ? {'x-circuit': circuit} : {});
	} else {
		json(response, 404, {error: 'not found'});
	}
});
server.listen(port, '127.0.0.1', () => console.log(`app on http://127.0.0.1:${port} (loopback only)`));
// Stop promptly: close() waits for every connection still in use, and a keep-alive client that keeps asking
// holds one open for good. Idle connections end now, the rest after a short grace for requests in flight.
process.on('SIGTERM', () => {
	server.close(() => process.exit(0));
	server.closeIdleConnections();
	setTimeout(() => server.closeAllConnections(), 300).unref();
});
