import {defineConfig} from 'sidecar';

// Imported from pm2-exec_watch.json by `sidecar import`; its report lists what became of each key.
export default defineConfig({
	// pm2 app "SERVERONE": the first app (none runs one instance) (choose another with --main)
	main: {
		command: ['node', 'examples/child.js'],
		// pm2 wrote stdout and stderr to separate files; sidecar writes one file per process
		logs: {
			file: 'outfile.log',
		},
		// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
		stopSignal: 'SIGINT',
		watch: {
			paths: ['.'],
			when: 'always',
		},
	},
});
