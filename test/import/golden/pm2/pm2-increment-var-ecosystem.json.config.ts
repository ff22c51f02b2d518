import {defineConfig} from 'sidecar';

// Imported from pm2-increment-var-ecosystem.json by `sidecar import`; its report lists what became of each key.
export default defineConfig({
	// pm2 app "sample-normal": the first app (none runs one instance) (choose another with --main)
	main: {
		command: ['node', 'sample.js'],
		// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
		stopSignal: 'SIGINT',
	},
	sidecars: {
		'sample-other-instance': {
			command: ['node', 'sample.js'],
			// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
			stopSignal: 'SIGINT',
			replicas: 2,
			env: {
				// pm2 numbers its instances from 0 in this variable
				APP_ID: '${SIDECAR_REPLICA}',
			},
		},
		'sample-increment': {
			command: ['node', 'sample.js'],
			// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
			stopSignal: 'SIGINT',
			replicas: {
				count: 2,
				port: {
					base: 3000,
					step: 1,
				},
			},
			env: {
				// increment_var: 3000 for the first instance, +1 for each next one
				PORT: '${SIDECAR_PORT}',
				// pm2 numbers its instances from 0 in this variable
				NODE_APP_INSTANCE: '${SIDECAR_REPLICA}',
			},
		},
		'sample-normal-fork': {
			command: ['node', 'sample.js'],
			// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
			stopSignal: 'SIGINT',
			replicas: 2,
			env: {
				// pm2 numbers its instances from 0 in this variable
				NODE_APP_INSTANCE: '${SIDECAR_REPLICA}',
			},
		},
		'sample-other-instance-fork': {
			command: ['node', 'sample.js'],
			// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
			stopSignal: 'SIGINT',
			replicas: 2,
			env: {
				// pm2 numbers its instances from 0 in this variable
				APP_ID: '${SIDECAR_REPLICA}',
			},
		},
		'sample-increment-fork': {
			command: ['node', 'sample.js'],
			// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
			stopSignal: 'SIGINT',
			replicas: 2,
			env: {
				PORT: '3000',
				// pm2 numbers its instances from 0 in this variable
				NODE_APP_INSTANCE: '${SIDECAR_REPLICA}',
			},
		},
	},
});
