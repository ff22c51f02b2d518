import {defineConfig} from 'sidecar';

// Imported from pm2-configuration-process.json by `sidecar import`; its report lists what became of each key.
export default defineConfig({
	// pm2 app "Worker": the first app that runs one instance (choose another with --main)
	main: {
		command: ['node', 'apps/worker.js'],
		// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
		stopSignal: 'SIGINT',
	},
	sidecars: {
		'HTTP-API': {
			command: ['node', 'apps/http.js'],
			// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
			stopSignal: 'SIGINT',
			limits: {
				memory: '260MiB',
				action: 'restart',
			},
			replicas: 4,
			env: {
				NODE_ENV: 'normal',
				// pm2 numbers its instances from 0 in this variable
				NODE_APP_INSTANCE: '${SIDECAR_REPLICA}',
			},
			watch: {
				ignore: ['node_modules'],
				paths: ['.'],
				when: 'always',
			},
		},
		Checks: {
			command: ['bash', 'apps/connection_check.sh'],
			// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
			stopSignal: 'SIGINT',
		},
	},
});
