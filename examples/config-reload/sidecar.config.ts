import os from 'node:os';
import path from 'node:path';
import {defineConfig} from 'sidecar';

const port = process.env.APP_PORT ?? '18130';
// The operator edits CONFIG_SOURCE; the app reads the validated copy in CONFIG_FILE.
const source = process.env.CONFIG_SOURCE ?? 'settings.json';
const live = process.env.CONFIG_FILE ?? path.join(os.tmpdir(), 'sidecar-example-config-reload', 'settings.json');

export default defineConfig({
	name: 'config-reload',
	main: {
		command: ['node', 'app.js'],
		env: {APP_PORT: port, CONFIG_FILE: live},
		readiness: {http: `http://127.0.0.1:${port}/`},
	},
	sidecars: {
		config: {
			command: ['node', 'watcher.js'],
			env: {CONFIG_SOURCE: source, CONFIG_FILE: live},
			readiness: {log: 'published config version 1 '},
		},
	},
	signals: {SIGUSR1: 'main'}, // The default already; spelled out because this example is about it.
});
