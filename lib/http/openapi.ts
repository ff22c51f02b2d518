import {PROTOCOL_VERSION} from '../control/protocol.js';
import {object, REPLIES, SCHEMAS} from './openapi-schemas.js';

type Schema = Record<string, unknown>;

const json = (schema: Schema) => ({content: {'application/json': {schema}}});
const error = (description: string) => ({description, ...json({$ref: '#/components/schemas/ErrorReply'})});
const refused = {
	400: error('the request is malformed (the control socket\'s own message)'),
	401: error('http.token is set and the request has no or a wrong Authorization: Bearer token'),
	404: error('no such process'),
	409: error('the unit\'s or the process\'s state refuses it (not running, stopping, held stopped)'),
};
const mutationRefused = {...refused, 403: error('from a page of another origin'), 413: error('the body is longer than 64 KiB')};
const nameParameter = {name: 'name', in: 'path', required: true, schema: {type: 'string'}, description: 'a process, or a replicated sidecar'};

// GET twin of a control request.
const read = (summary: string, reply: Schema) => ({get: {summary, responses: {200: {description: 'the control socket\'s reply', ...json(reply)}, ...refused}}});

// POST twin of a per-process control request, with its optional JSON body.
const perProcess = (summary: string, reply: Schema, body: Schema = object({})) => ({
	post: {
		summary,
		parameters: [nameParameter],
		requestBody: {required: false, ...json(body)},
		responses: {200: {description: 'the control socket\'s reply', ...json(reply)}, ...mutationRefused},
	},
});

const stream = (description: string, item: Schema) => ({
	'application/x-ndjson': {schema: item, description: `${description}: one JSON object per line`},
	'text/event-stream': {schema: item, description: `${description}: one \`data:\` event each`},
});

// The OpenAPI 3.1 document served at /v1/openapi.json (docs/http.md): every route, and each reply's schema.
export function openApiDocument(): Schema {
	return {
		openapi: '3.1.0',
		info: {title: 'sidecar HTTP API', version: String(PROTOCOL_VERSION), description: 'The control socket\'s requests over HTTP (docs/http.md).'},
		components: {
			schemas: SCHEMAS,
			securitySchemes: {token: {type: 'http', scheme: 'bearer', description: 'http.token; needed by every /v1 route when set'}},
		},
		security: [{}, {token: []}],
		paths: {
			'/': {get: {summary: 'the status page', security: [], responses: {200: {description: 'one HTML page', content: {'text/html': {schema: {type: 'string'}}}}}}},
			'/healthz': {get: {summary: 'the supervisor answers', security: [], responses: {200: {description: 'alive', ...json(object({ok: {const: true}, name: {type: 'string'}, supervisorPid: {type: 'integer'}}))}}}},
			'/readyz': {get: {summary: 'main ready, every critical sidecar ready, none fatal', security: [], responses: {
				200: {description: 'ready', ...json({$ref: '#/components/schemas/Readiness'})},
				503: {description: 'not ready, and why', ...json({$ref: '#/components/schemas/Readiness'})},
			}}},
			'/metrics': {get: {summary: 'Prometheus text, as the metrics listener serves it', responses: {200: {description: 'text/plain; version=0.0.4', content: {'text/plain': {schema: {type: 'string'}}}}}}},
			'/v1/openapi.json': {get: {summary: 'this document', responses: {200: {description: 'OpenAPI 3.1', ...json({type: 'object'})}}}},
			'/v1/hello': read('the supervisor\'s name, pid and protocol version', REPLIES.hello!),
			'/v1/status': read('every process and replicated sidecar', REPLIES.status!),
			'/v1/ready': {get: {
				summary: 'the unit\'s readiness (no name), or one process\'s',
				parameters: [{name: 'name', in: 'query', required: false, schema: {type: 'string'}}],
				responses: {200: {description: 'the control socket\'s reply', ...json(REPLIES.ready!)}, ...refused},
			}},
			'/v1/events': {get: {
				summary: 'Server-Sent Events: the status reply, then every lifecycle event {time, event, name, …}',
				responses: {200: {description: 'a stream, one `data:` event each', content: {'text/event-stream': {schema: {oneOf: [REPLIES.status, {$ref: '#/components/schemas/Event'}]}}}}, 401: refused[401]},
			}},
			'/v1/logs': {get: {
				summary: 'the last lines of one process or all, then (follow=1) every new line',
				parameters: [
					{name: 'name', in: 'query', required: false, schema: {type: 'string'}},
					{name: 'lines', in: 'query', required: false, schema: {type: 'integer', minimum: 0, default: 100}},
					{name: 'follow', in: 'query', required: false, schema: {enum: ['0', '1', 'true', 'false']}},
				],
				responses: {200: {description: 'the control socket\'s replies: logs, line…, end', content: stream('a reply', REPLIES.logs!)}, ...refused},
			}},
			'/v1/processes/{name}/restart': perProcess('restart (a group: its instances one at a time)', REPLIES.restart!, object({}, {parallel: {type: 'boolean'}})),
			'/v1/processes/{name}/stop': perProcess('stop one process and hold it stopped', REPLIES['stop-process']!),
			'/v1/processes/{name}/start': perProcess('start a held process', REPLIES['start-process']!),
			'/v1/processes/{name}/signal': perProcess('send a signal', REPLIES.signal!, object({signal: {type: 'string'}})),
			'/v1/processes/{name}/scale': perProcess('run so many instances', REPLIES.scale!, object({count: {type: 'integer', minimum: 0, maximum: 1000}})),
			'/v1/processes/{name}/run-now': perProcess('fire a schedule now', REPLIES['run-now']!),
			'/v1/processes/{name}/pause': perProcess('skip a schedule\'s firings', REPLIES.pause!),
			'/v1/processes/{name}/resume': perProcess('resume a schedule', REPLIES.resume!),
			'/v1/reload': {post: {summary: 'reload the config', responses: {200: {description: 'the plan', ...json(REPLIES.reload!)}, 422: error('the new config is invalid'), ...mutationRefused}}},
			'/v1/stop': {post: {summary: 'stop the unit (answers at once; the unit then stops)', responses: {200: {description: 'stopping', ...json(REPLIES.stop!)}, ...mutationRefused}}},
		},
	};
}
