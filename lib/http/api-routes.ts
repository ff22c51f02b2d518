import type {RequestHandler} from '../control/server.js';
import {probeAnswers} from '../metrics/probe-answers.js';
import type {UnitHandle} from '../supervisor/add-on.js';
import {controlRoutes} from './control-routes.js';
import {streamEvents} from './event-stream.js';
import {sendJson} from './http-reply.js';
import {openApiDocument} from './openapi.js';
import type {Route} from './router.js';

// What the listener serves besides the control twins: the page's HTML, and Prometheus text for /metrics.
export type ApiParts = {unit: Pick<UnitHandle, 'name' | 'pid' | 'config' | 'events' | 'finished' | 'snapshot'>; handle: RequestHandler; page: string; metrics: () => Promise<string>};

// The page is same-origin only and makes no request elsewhere (docs/http.md, The page): the browser enforces it.
const PAGE_HEADERS = {
	'content-type': 'text/html; charset=utf-8',
	'cache-control': 'no-store',
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'content-security-policy': 'default-src \'self\'; script-src \'self\' \'unsafe-inline\'; style-src \'self\' \'unsafe-inline\'; img-src \'self\' data:; frame-ancestors \'none\'',
};

// /healthz and /readyz, open to all (load balancers, kubelets); both listeners serve them (docs/http.md, Readiness).
function readinessRoutes(unit: ApiParts['unit']): Route[] {
	return Object.entries(probeAnswers(unit)).map(([path, answer]) => ({method: 'GET', path, mutating: false, open: true, handle({response}) {
		const {status, body} = answer();
		sendJson(response, status, body);
	}}));
}

// Every route of the http listener (docs/http.md, Endpoints).
export function apiRoutes({unit, handle, page, metrics}: ApiParts): Route[] {
	return [
		{method: 'GET', path: '/', mutating: false, open: true, handle({response}) {
			response.writeHead(200, PAGE_HEADERS).end(page);
		}},
		...readinessRoutes(unit),
		{method: 'GET', path: '/metrics', mutating: false, async handle({response}) {
			const text = await metrics();
			response.writeHead(200, {'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store'}).end(text);
		}},
		{method: 'GET', path: '/v1/openapi.json', mutating: false, handle({response}) {
			sendJson(response, 200, openApiDocument());
		}},
		{method: 'GET', path: '/v1/events', mutating: false, async handle({response}) {
			await streamEvents(unit.events, {ok: true, type: 'status', status: unit.snapshot()}, response, unit.finished);
		}},
		...controlRoutes(handle),
	];
}
