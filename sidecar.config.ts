import {defineConfig} from 'sidecar';

// The project's own example unit: a small HTTP app with a log shipper and a metrics exporter.
export default defineConfig({
	name: 'example',
	main: {
		command: ['node', 'app/server.js'],
		env: {PORT: '8080'},
		readiness: {http: 'http://127.0.0.1:8080/healthz'},
	},
	sidecars: {
		logship: {
			command: ['node', 'app/log-shipper.js'],
			readiness: {log: 'shipper ready'},
		},
		metrics: {
			command: ['node', 'app/metrics-exporter.js'],
			env: {METRICS_PORT: '9464'},
			readiness: {tcp: 9464},
			dependsOn: ['logship'],
		},
	},
});
