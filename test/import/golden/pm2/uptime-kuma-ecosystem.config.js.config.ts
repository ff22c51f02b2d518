import {defineConfig} from 'sidecar';

// Imported from uptime-kuma-ecosystem.config.js by `sidecar import`; its report lists what became of each key.
export default defineConfig({
	// pm2 app "status-uptime-kuma": the first app that runs one instance (choose another with --main)
	main: {
		command: ['node', './server/server.js'],
		// pm2 stops an app with SIGINT, then SIGKILL after kill_timeout
		stopSignal: 'SIGINT',
		cwd: '/home/newstargeted.com/status.newstargeted.com',
		env: {
			UPTIME_KUMA_PORT: '3011',
			UPTIME_KUMA_DISABLE_FRAME_SAMEORIGIN: '1',
			UPTIME_KUMA_DB_POOL_MAX_CONNECTIONS: '80',
		},
	},
});
