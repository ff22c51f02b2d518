import os from 'node:os';
import path from 'node:path';
import {defineConfig} from 'sidecar';

// Where the app's log, the shipper's disk buffer and the collector's store live (tests point it at a temp dir).
const data = process.env.LOGSHIP_DIR ?? path.join(os.tmpdir(), 'sidecar-example-log-shipper');
const port = process.env.COLLECTOR_PORT ?? '18110';
const logFile = path.join(data, 'logs', 'app.log');
const spool = path.join(data, 'spool');

export default defineConfig({
	name: 'log-shipper',
	main: {
		command: ['node', 'app.js'],
		env: {LOG_FILE: logFile, EXIT_AFTER: process.env.EXIT_AFTER ?? '0'},
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
				SPOOL_DIR: spool,
				SHIP_INTERVAL_MS: process.env.SHIP_INTERVAL_MS ?? '200',
				COLLECTOR_URL: `http://127.0.0.1:${port}/ingest`,
				APP_ENV: process.env.APP_ENV ?? 'staging',
				APP_VERSION: '1.4.2',
			},
			readiness: {log: 'shipper ready'},
			dependsOn: ['collector'], // So it also stops first, flushing its last batch while the collector is up.
			// After main has exited and before SIGTERM: wait until the shipper has read the log to its end and the
			// collector has every line (drained.js), at most 10 s. LOGSHIP_DRAIN=off shows what is lost without it.
			drain: process.env.LOGSHIP_DRAIN === 'off' ? undefined : {
				exec: ['node', 'drained.js', logFile, spool],
				interval: '250ms',
				timeout: '10s',
			},
			stopTimeout: '5s',
		},
	},
});
