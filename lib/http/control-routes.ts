import type {IncomingMessage} from 'node:http';
import {EXIT} from '../errors.js';
import {DEFAULT_LOG_LINES, parseRequest} from '../control/protocol.js';
import type {RequestHandler} from '../control/server.js';
import {readBody} from './body.js';
import {errorReply, httpReply, sendJson, type Framing} from './http-reply.js';
import type {Route, RouteContext} from './router.js';

// An HTTP request as the fields of a control request (before the protocol's own check), or an error to answer.
type Build = (context: RouteContext, body: Record<string, unknown>) => Record<string, unknown>;

// `Accept: text/event-stream` gets Server-Sent Events; anything else one JSON line per reply.
export const framingOf = (request: IncomingMessage): Framing => (request.headers.accept ?? '').includes('text/event-stream') ? 'sse' : 'ndjson';

// POST /v1/processes/NAME/VERB → {type, name, ...the body's fields} (restart {parallel}, signal {signal}, scale {count}).
const perProcess = (type: string): Build => ({params}, body) => ({...body, type, name: params.name});

// The query string of GET /v1/logs as the logs request: name (none: every process), lines, follow=1.
const logsRequest: Build = ({query}) => ({
	type: 'logs',
	name: query.get('name') || null, // `name=` (empty) is every process too.
	lines: query.has('lines') ? Number(query.get('lines')) : DEFAULT_LOG_LINES,
	follow: ['1', 'true'].includes(query.get('follow') ?? ''),
});

// Every control request's HTTP twin (docs/http.md, Endpoints), answered by the socket's own handler
// (lib/control/handle-request.ts): its reply is the body. The request is checked by the protocol's parser, so an HTTP
// client gets the socket's errors word for word. `stop` answers at its first reply (the unit is stopping).
export function controlRoutes(handle: RequestHandler): Route[] {
	const twin = (method: 'GET' | 'POST', path: string, build: Build, streaming = false): Route => ({
		method,
		path,
		mutating: method === 'POST',
		async handle(context) {
			const body = method === 'POST' ? await readBody(context.request) : {value: {}};
			if ('status' in body) {
				sendJson(context.response, body.status, {ok: false, error: body.error, exitCode: EXIT.usage}, {connection: 'close'});
				return;
			}

			const request = parseRequest(JSON.stringify(build(context, body.value)));
			if ('error' in request) {
				sendJson(context.response, 400, {ok: false, error: request.error, exitCode: EXIT.usage});
				return;
			}

			const reply = httpReply(context.response, streaming ? framingOf(context.request) : undefined);
			await handle(request, reply).catch((error: unknown) => reply.send(errorReply(error)));
			reply.end();
		},
	});
	return [
		twin('GET', '/v1/hello', () => ({type: 'hello'})),
		twin('GET', '/v1/status', () => ({type: 'status'})),
		twin('GET', '/v1/ready', ({query}) => ({type: 'ready', name: query.get('name') || null})),
		twin('GET', '/v1/logs', logsRequest, true),
		twin('POST', '/v1/processes/:name/restart', perProcess('restart')),
		twin('POST', '/v1/processes/:name/stop', perProcess('stop-process')),
		twin('POST', '/v1/processes/:name/start', perProcess('start-process')),
		twin('POST', '/v1/processes/:name/signal', perProcess('signal')),
		twin('POST', '/v1/processes/:name/scale', perProcess('scale')),
		twin('POST', '/v1/processes/:name/run-now', perProcess('run-now')),
		twin('POST', '/v1/processes/:name/pause', perProcess('pause')),
		twin('POST', '/v1/processes/:name/resume', perProcess('resume')),
		twin('POST', '/v1/reload', () => ({type: 'reload'})),
		twin('POST', '/v1/stop', () => ({type: 'stop'})),
	];
}
