import {defineConfig} from 'sidecar';

const ports = {
	PROXY_PORT: process.env.PROXY_PORT ?? '18140',
	APP_PORT: process.env.APP_PORT ?? '18141',
	AMBASSADOR_PORT: process.env.AMBASSADOR_PORT ?? '18142',
	UPSTREAM_PORT: process.env.UPSTREAM_PORT ?? '18143',
};

export default defineConfig({
	name: 'auth-proxy',
	main: {
		command: ['node', 'app.js'],
		env: ports,
		readiness: {http: `http://127.0.0.1:${ports.APP_PORT}/healthz`},
	},
	sidecars: {
		// Stands in for a service outside the unit.
		upstream: {command: ['node', 'upstream.js'], env: ports, readiness: {tcp: Number(ports.UPSTREAM_PORT)}},
		// 'before': the ambassador must be up before the app makes its first outgoing call.
		proxy: {
			command: ['node', 'proxy.js'],
			env: {...ports, UPSTREAM_URL: `http://127.0.0.1:${ports.UPSTREAM_PORT}`},
			readiness: {tcp: Number(ports.AMBASSADOR_PORT)},
			liveness: {tcp: Number(ports.PROXY_PORT), interval: '10s'},
		},
	},
});
