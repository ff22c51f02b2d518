import os from 'node:os';
import path from 'node:path';
import {defineConfig} from 'sidecar';

const env = {
	APP_PORT: process.env.APP_PORT ?? '18150',
	FORTUNE_PORT: process.env.FORTUNE_PORT ?? '18151',
	HEARTBEAT_FILE: process.env.HEARTBEAT_FILE ?? path.join(os.tmpdir(), 'sidecar-example-polyglot', 'heartbeat.txt'),
};

// The supervisor only sees commands: Node, sh and Python are all the same to it.
export default defineConfig({
	name: 'polyglot',
	main: {command: ['node', 'app.js'], env, readiness: {tcp: Number(env.APP_PORT)}},
	sidecars: {
		fortune: {command: ['python3', '-u', 'fortune.py'], env, readiness: {http: `http://127.0.0.1:${env.FORTUNE_PORT}/`}},
		heartbeat: {command: ['sh', 'heartbeat.sh'], env, readiness: {log: 'heartbeat writing'}},
	},
});
