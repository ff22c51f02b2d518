import type {ServerResponse} from 'node:http';
import type {UnitEventsReader} from '../events/unit-events.js';
import {openStream} from './http-reply.js';

// A comment line this often keeps proxies and browsers from closing an idle stream; it costs one write a period.
export const HEARTBEAT_MS = 30_000;

// GET /v1/events (docs/http.md, Events): Server-Sent Events, first the `status` reply the socket gives, then every
// lifecycle event as `{time, event, name, ...}` (the JSON log format's shape; no child's lines: those are /v1/logs).
// A reader over the bound skips events and is told how many (the LineSkipper the socket uses). Ends when the client
// goes or the unit has stopped.
export async function streamEvents(events: UnitEventsReader, first: unknown, response: ServerResponse, finished: Promise<unknown>): Promise<void> {
	const stream = openStream(response, 'sse', reason => ({time: new Date().toISOString(), event: 'skipped', name: 'sidecar', reason}));
	stream.write(first, false);
	const gone = new AbortController();
	events.onEvery(event => {
		stream.write({time: new Date().toISOString(), ...event}, true);
	}, gone.signal);
	const heartbeat = setInterval(() => response.write(': \n\n'), HEARTBEAT_MS);
	heartbeat.unref();
	await new Promise(resolve => {
		response.once('close', resolve);
		void finished.then(resolve);
	});
	clearInterval(heartbeat);
	gone.abort();
	response.end();
}
