import {defineConfig} from 'sidecar';

// Imported from node-js-getting-started-Procfile by `sidecar import`; its report lists what became of each key.
export default defineConfig({
	// foreman reads .env beside the Procfile; the leading '-': it may be missing
	envFile: '-.env',
	main: {
		command: 'node --debug=5858 index.js',
		env: {
			// foreman's PORT: 5000 + 100 × 0 (web is the 1st process)
			PORT: '5000',
		},
	},
});
