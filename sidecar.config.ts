import os from 'node:os';
import path from 'node:path';
import {defineConfig} from 'sidecar';

// The project's own example unit: a small HTTP app with two patterns from examples/: a log shipper
// (with a stand-in collector) and a metrics sidecar that republishes the app's counters for Prometheus;
// a task (run: 'once') makes their data directories before anything else starts.
const data = process.env.SIDECAR_EXAMPLE_DIR ?? path.join(os.tmpdir(), 'sidecar-example-root');
const port = process.env.PORT ?? '8080';
const metricsPort = process.env.METRICS_PORT ?? '9464';
const collectorPort = process.env.COLLECTOR_PORT ?? '9465';
const logFile = path.join(data, 'logs', 'app.log');

export default defineConfig({
	name: 'example',
	main: {
		command: ['node', 'app/server.js'],
		env: {PORT: port, LOG_FILE: logFile},
		readiness: {http: `http://127.0.0.1:${port}/healthz`},
	},
	sidecars: {
		prepare: {
			run: 'once',
			command: ['node', 'app/prepare.js'],
			env: {DATA_DIR: data},
			timeout: '30s',
		},
		collector: {
			command: ['node', 'examples/log-shipper/collector.js'],
			env: {COLLECTOR_PORT: collectorPort, RECEIVED_FILE: path.join(data, 'collector', 'received.jsonl')},
			readiness: {tcp: Number(collectorPort)},
			dependsOn: ['prepare'],
		},
		logship: {
			command: ['node', 'examples/log-shipper/shipper.js'],
			env: {LOG_FILE: logFile, SPOOL_DIR: path.join(data, 'spool'), COLLECTOR_URL: `http://127.0.0.1:${collectorPort}/ingest`, APP_VERSION: '0.1.0'},
			readiness: {log: 'shipper ready'},
			dependsOn: ['prepare', 'collector'],
		},
		metrics: {
			command: ['node', 'examples/metrics/exporter.js'],
			start: 'after',
			env: {SCRAPE_URL: `http://127.0.0.1:${port}/counters`, EXPORTER_PORT: metricsPort},
			readiness: {tcp: Number(metricsPort)},
		},
	},
});
