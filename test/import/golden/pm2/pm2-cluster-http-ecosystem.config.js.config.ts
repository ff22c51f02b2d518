import {defineConfig} from 'sidecar';

// Imported from pm2-cluster-http-ecosystem.config.js by `sidecar import`; its report lists what became of each key.
export default defineConfig({
	// pm2 app "forked_app": the first app that runs one instance (choose another with --main)
	main: {
		command: ['node', './http.js'],
		// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
		stopSignal: 'SIGINT',
		env: {
			PORT: '8001',
		},
	},
	sidecars: {
		clustered_http: {
			command: ['node', './http.js'],
			// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
			stopSignal: 'SIGINT',
			replicas: 4,
			env: {
				PORT: '8002',
				// pm2 numbers its instances from 0 in this variable
				NODE_APP_INSTANCE: '${SIDECAR_REPLICA}',
			},
		},
	},
});
