import os from 'node:os';
import path from 'node:path';
import {defineConfig} from 'sidecar';

// Where the app's log, the shipper's disk buffer and the collector's store live (tests point it at a temp dir).
const data = process.env.LOGSHIP_DIR ?? path.join(os.tmpdir(), 'sidecar-example-log-shipper');
const port = process.env.COLLECTOR_PORT ?? '18110';
const logFile = path.join(data, 'logs', 'app.log');

export default defineConfig({
	name: 'log-shipper',
	main: {
		command: ['node', 'app.js'],
		env: {LOG_FILE: logFile},
	},
	sidecars: {
		// Stands in for a central collector that the unit does not own; restarted slowly to show an outage.
		collector: {
			command: ['node', 'collector.js'],
			env: {COLLECTOR_PORT: port, RECEIVED_FILE: path.join(data, 'collector', 'received.jsonl')},
			readiness: {tcp: Number(port)},
			backoff: {initial: '3s'},
		},
		shipper: {
			command: ['node', 'shipper.js'],
			env: {
				LOG_FILE: logFile,
				SPOOL_DIR: path.join(data, 'spool'),
				COLLECTOR_URL: `http://127.0.0.1:${port}/ingest`,
				APP_ENV: process.env.APP_ENV ?? 'staging',
				APP_VERSION: '1.4.2',
			},
			readiness: {log: 'shipper ready'},
			dependsOn: ['collector'], // So it also stops first, flushing its last batch while the collector is up.
			stopTimeout: '5s',
		},
	},
});
