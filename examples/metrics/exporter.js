// The monitoring sidecar: scrapes the app's JSON counters every SCRAPE_INTERVAL_MS and republishes them
// in Prometheus text format, with the resource usage of the app's process tree (main's pid from sidecar).
// When the app does not answer it says so (app_up 0, a log line) and keeps the last values it had.
import http from 'node:http';
import {treeUsage} from './proc-tree.js';

const target = process.env.SCRAPE_URL ?? 'http://127.0.0.1:18120/counters';
const port = Number(process.env.EXPORTER_PORT ?? 18121);
const every = Number(process.env.SCRAPE_INTERVAL_MS ?? 5000);
const mainPid = Number(process.env.SIDECAR_MAIN_PID);
const state = {up: 0, counters: {}, scrapes: 0, failures: 0, usage: null, lastError: ''};

const scrape = async () => {
	state.scrapes += 1;
	state.usage = Number.isInteger(mainPid) ? treeUsage(mainPid) : null;
	try {
		const response = await fetch(target, {signal: AbortSignal.timeout(Math.min(every, 2000))});
		state.counters = await response.json();
		if (state.up === 0) {
			console.log(`scraping ${target}: app is up`);
		}

		state.up = 1;
	} catch (error) {
		state.failures += 1;
		const reason = error.cause?.code ?? error.name;
		if (state.up === 1 || reason !== state.lastError) {
			console.log(`scrape of ${target} failed (${reason}): reporting app_up 0, keeping the last counters`);
		}

		state.up = 0;
		state.lastError = reason;
	}
};

const render = () => {
	const lines = [
		'# HELP app_up Whether the last scrape of the app succeeded.', '# TYPE app_up gauge', `app_up ${state.up}`,
		'# TYPE app_scrapes_total counter', `app_scrapes_total ${state.scrapes}`,
		'# TYPE app_scrape_failures_total counter', `app_scrape_failures_total ${state.failures}`,
	];
	for (const [name, value] of Object.entries(state.counters)) {
		const type = name.endsWith('_total') ? 'counter' : 'gauge';
		lines.push(`# TYPE app_${name} ${type}`, `app_${name} ${value}`);
	}

	if (state.usage !== null) {
		lines.push(
			'# HELP app_process_cpu_seconds_total CPU time of the app\'s process tree.', '# TYPE app_process_cpu_seconds_total counter',
			`app_process_cpu_seconds_total ${state.usage.cpuSeconds}`,
			'# HELP app_process_resident_memory_bytes Resident memory of the app\'s process tree.', '# TYPE app_process_resident_memory_bytes gauge',
			`app_process_resident_memory_bytes ${state.usage.residentBytes}`,
			'# TYPE app_processes gauge', `app_processes ${state.usage.processes}`,
		);
	}

	return `${lines.join('\n')}\n`;
};

await scrape();
const timer = setInterval(scrape, every);
const server = http.createServer((request, response) => {
	response.setHeader('content-type', 'text/plain; version=0.0.4');
	response.end(render());
});
server.listen(port, '127.0.0.1', () => console.log(`metrics for pid ${mainPid} on http://127.0.0.1:${port}/metrics`));
// Stop promptly: idle connections end now, those still in use (a scraper's keep-alive) after a short grace.
process.on('SIGTERM', () => {
	clearInterval(timer);
	server.close();
	server.closeIdleConnections();
	setTimeout(() => server.closeAllConnections(), 300).unref();
});
