// Idle cost of the HTTP API (issue 28): the supervisor with `http` set and what an open status page does (lib/http/page/
// index.html): an SSE client (/v1/events), a log follower (/v1/logs?follow=1) and GET /v1/status once a second,
// beside the same unit without the key.
import net from 'node:net';
import {setTimeout as sleep} from 'node:timers/promises';
import {descendants} from '../lib/proc.js';
import {startUnit} from '../lib/unit.js';
import {cost} from './idle.js';

const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 1000);
const PLAIN = 'sidecar, no http';
const API = 'sidecar, http + a page open (events, a log pane, status each second)';

async function freePort() {
	const server = net.createServer();
	await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address();
	await new Promise(resolve => server.close(resolve));
	return port;
}

// Opens a stream and reads its first chunk (the headers and the first event), then keeps it open, unread further.
async function connect(url, signal) {
	const response = await fetch(url, {signal});
	await response.body.getReader().read();
}

export const httpIdle = {
	id: 'http-idle',
	title: 'Idle with the HTTP API and a status page open: main + 3 sidecars (issue 28)',
	about: `RSS and CPU of the supervisor's own processes after ${SETTLE_MS} ms settling, as in the idle scenario, with and without \`http: {port}\`; with it, GET /v1/events and GET /v1/logs?follow=1 stay connected and GET /v1/status is asked each second through the window, as the page does.`,
	metrics: [{key: 'rss', label: 'RSS MiB', better: 'lower'}, {key: 'anon', label: 'of it anonymous (heap, malloc)'}, {key: 'cpu', label: 'CPU % of a core', better: 'lower'}],
	subjects: () => [PLAIN, API],
	async measure(subject, {peers}) {
		const port = subject === API ? await freePort() : undefined;
		const unit = startUnit(peers.get('sidecar'), {sidecars: 3, ...(port === undefined ? {} : {http: {port}})});
		const streams = new AbortController();
		let poll;
		try {
			await unit.ready(undefined, 120_000);
			if (port !== undefined) {
				await Promise.all([connect(`http://127.0.0.1:${port}/v1/events`, streams.signal), connect(`http://127.0.0.1:${port}/v1/logs?follow=1`, streams.signal)]);
				poll = setInterval(() => {
					fetch(`http://127.0.0.1:${port}/v1/status`, {signal: streams.signal}).then(async response => response.text()).catch(() => {});
				}, 1000);
			}

			await sleep(SETTLE_MS);
			const workload = unit.workload();
			return await cost(descendants(unit.pid).filter(pid => !workload.has(pid)));
		} finally {
			clearInterval(poll);
			streams.abort();
			await unit.close();
		}
	},
	targets(results) {
		const [plain, api] = [PLAIN, API].map(name => results.get(name));
		if (!plain?.rss || !api?.rss) {
			return [];
		}

		const more = api.rss.median - plain.rss.median;
		return [{text: 'the HTTP API with a page open adds ≤ 8 MiB and ≤ 0.5 % of a core', figure: `+${more.toFixed(1)} MiB, ${api.cpu.median.toFixed(2)} % vs ${plain.cpu.median.toFixed(2)} %`, pass: more <= 8 && api.cpu.median - plain.cpu.median <= 0.5,
			why: 'node:http and the API\'s code load only when `http` is set; an idle stream costs a subscription and a 30 s heartbeat timer; a status request, one snapshot'}];
	},
};
