import {defineConfig} from 'sidecar';

// Imported from pm2-templates-ecosystem.config.js by `sidecar import`; its report lists what became of each key.
export default defineConfig({
	// pm2 app "API": the first app that runs one instance (choose another with --main)
	main: {
		command: ['node', 'app.js'],
		// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
		stopSignal: 'SIGINT',
		env: {
			COMMON_VARIABLE: 'true',
		},
	},
	sidecars: {
		WEB: {
			command: ['node', 'web.js'],
			// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
			stopSignal: 'SIGINT',
		},
	},
});
