import {existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {defineConfig} from 'sidecar';

const env = {
	NGINX_PORT: process.env.NGINX_PORT ?? '18160',
	APP_PORT: process.env.APP_PORT ?? '18161',
	NODE_EXPORTER_PORT: process.env.NODE_EXPORTER_PORT ?? '18162',
	RUN_DIR: process.env.RUN_DIR ?? path.join(os.tmpdir(), 'sidecar-example-real-world'),
	NGINX_SITE: process.env.NGINX_SITE ?? 'site.conf',
};
// Debian puts nginx in /usr/sbin, which is not on a normal user's PATH.
const nginx = process.env.NGINX_BIN ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');

export default defineConfig({
	name: 'real-world',
	main: {command: ['node', 'app.js'], env, readiness: {http: `http://127.0.0.1:${env.APP_PORT}/`}},
	sidecars: {
		'node-exporter': {
			command: [
				process.env.NODE_EXPORTER_BIN ?? 'prometheus-node-exporter',
				`--web.listen-address=127.0.0.1:${env.NODE_EXPORTER_PORT}`,
				'--collector.disable-defaults',
				...['cpu', 'meminfo', 'loadavg', 'filesystem', 'netdev', 'uname'].map(name => `--collector.${name}`),
			],
			readiness: {tcp: Number(env.NODE_EXPORTER_PORT)},
			limits: {memory: '128MiB'},
		},
		// In front of main, so it starts once main is ready. `exec`: the shell becomes nginx's master,
		// so the SIGHUP the supervisor forwards (to the process itself) reaches nginx.
		nginx: {
			command: `node render-nginx.js && exec ${nginx} -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -e stderr -g 'daemon off;'`,
			start: 'after',
			dependsOn: ['node-exporter'],
			env,
			readiness: {http: `http://127.0.0.1:${env.NGINX_PORT}/nginx-health`},
			limits: {memory: '64MiB'},
			stopSignal: 'SIGQUIT', // nginx's graceful shutdown: finish the requests in flight.
		},
	},
	signals: {SIGHUP: ['nginx'], SIGUSR1: 'main', SIGUSR2: 'main'},
});
