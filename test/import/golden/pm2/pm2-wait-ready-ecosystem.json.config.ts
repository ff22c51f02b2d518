import {defineConfig} from 'sidecar';

// Imported from pm2-wait-ready-ecosystem.json by `sidecar import`; its report lists what became of each key.
export default defineConfig({
	// pm2 app "app": the first app (none runs one instance) (choose another with --main)
	// pm2 waited for process.send('ready'): sidecar has no IPC channel; write a line to fd 3 and set readiness: {notify: true}, or add a tcp or http readiness probe
	main: {
		command: ['node', 'app.js'],
		// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
		stopSignal: 'SIGINT',
	},
});
