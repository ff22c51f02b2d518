import {defineConfig} from 'sidecar';

// Imported from pm2-configuration-process.config.js by `sidecar import`; its report lists what became of each key.
export default defineConfig({
	// pm2 app "Worker": the first app that runs one instance (choose another with --main)
	main: {
		command: ['node', 'apps/worker.js'],
		// pm2 wrote stdout and stderr to separate files; sidecar writes one file per process
		logs: {
			file: 'toto-err.log',
		},
		// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
		stopSignal: 'SIGINT',
	},
	sidecars: {
		// pm2's ignore_watch and watch_delay apply only with watch, which is off
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
		},
		Checks: {
			command: ['bash', 'apps/connection_check.sh'],
			// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
			stopSignal: 'SIGINT',
		},
	},
});
