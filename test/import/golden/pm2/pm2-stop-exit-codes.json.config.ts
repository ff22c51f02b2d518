import {defineConfig} from 'sidecar';

// Imported from pm2-stop-exit-codes.json by `sidecar import`; its report lists what became of each key.
export default defineConfig({
	// pm2 app "stop_exit_codes_app": the first app that runs one instance (choose another with --main)
	main: {
		command: ['node', './exitcode42.js'],
		// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
		stopSignal: 'SIGINT',
		successCodes: [12, 42],
	},
});
