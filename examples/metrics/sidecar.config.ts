import {defineConfig} from 'sidecar';

const appPort = process.env.APP_PORT ?? '18120';
const exporterPort = process.env.EXPORTER_PORT ?? '18121';

export default defineConfig({
	name: 'metrics',
	main: {
		command: ['node', 'app.js'],
		env: {APP_PORT: appPort},
		readiness: {http: `http://127.0.0.1:${appPort}/healthz`},
	},
	sidecars: {
		// 'after': it watches main, so it starts once main is ready and gets SIDECAR_MAIN_PID.
		exporter: {
			command: ['node', 'exporter.js'],
			start: 'after',
			env: {SCRAPE_URL: `http://127.0.0.1:${appPort}/counters`, EXPORTER_PORT: exporterPort},
			readiness: {tcp: Number(exporterPort)},
			liveness: {http: `http://127.0.0.1:${exporterPort}/metrics`, interval: '10s'},
		},
	},
});
