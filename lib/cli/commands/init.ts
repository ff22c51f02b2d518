import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {EXIT, SidecarError} from '../../errors.js';
import {printOut} from '../print.js';

const TEMPLATE = `import {defineConfig} from 'sidecar';

// Every key, its default and its unit: see the README (durations: 250ms, 10s, 2m; sizes: 512KiB, 256MiB).
export default defineConfig({
	// The unit's name (control socket, cgroups); default: the directory's name.
	// name: 'shop',
	main: {
		// An array runs directly; a string runs through /bin/sh -c. \`sidecar run -- CMD\` replaces it.
		command: ['node', 'server.js'],
		// Ready when the probe passes; with no probe, once alive for 1s. 'after' sidecars wait for it.
		// readiness: {http: 'http://127.0.0.1:8080/healthz'},
		stopTimeout: '10s', // then SIGKILL to the whole process tree
	},
	sidecars: {
		// A helper that must be ready before main starts.
		// logship: {
		// 	command: ['node', 'log-shipper.js'],
		// 	start: 'before', // 'before' (default) | 'after': once main is ready
		// 	dependsOn: [], // sidecars that must be ready first
		// 	readiness: {tcp: 9000, timeout: '30s'}, // {tcp} | {http} | {exec} | {log: 'regex'} | {file}
		// 	restart: 'always', // 'always' (default) | 'on-failure' | 'never'
		// 	backoff: {initial: '100ms', max: '30s', factor: 2},
		// 	maxRestarts: {count: 10, window: '60s'}, // then 'fatal'
		// 	critical: false, // true: a fatal sidecar stops the unit (exit 70)
		// 	limits: {memory: '256MiB', cpu: 0.5}, // cpu in cores
		// 	stopSignal: 'SIGTERM',
		// 	stopTimeout: '10s',
		// 	env: {LOG_LEVEL: 'info'},
		// },
	},
	// Signals the supervisor forwards: 'main' | 'sidecars' | 'all' | 'none' | [names].
	signals: {SIGHUP: 'main', SIGUSR1: 'main', SIGUSR2: 'main'},
	logs: {format: 'pretty', timestamps: false}, // or 'json': one object per line
});
`;

// `sidecar init`: write the commented template; never overwrite an existing file.
export async function init(): Promise<number> {
	const file = path.resolve('sidecar.config.ts');
	try {
		await writeFile(file, TEMPLATE, {flag: 'wx'});
	} catch (error) {
		throw new SidecarError(`unable to write ${file}: ${(error as NodeJS.ErrnoException).code === 'EEXIST' ? 'it exists already' : (error as Error).message}`, EXIT.failure, {cause: error});
	}

	printOut(`wrote ${file}`);
	return EXIT.ok;
}
