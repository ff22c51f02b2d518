import {existsSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {SEARCH_PLACES} from '../../config/load.js';
import {EXIT, SidecarError} from '../../errors.js';
import {parseCommand} from '../args.js';
import {isModulePackage} from '../package-type.js';
import {printOut} from '../print.js';

// Editors read `$schema` (JSON) or the yaml-language-server comment (YAML); the file ships with the package.
const SCHEMA = './node_modules/sidecar/schema.json';

const TYPESCRIPT = `import {defineConfig} from 'sidecar';

// Every key, its default and its unit: node_modules/sidecar/docs/config.md (durations: 250ms, 10s, 2m; sizes: 512KiB, 256MiB).
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

const JSON_TEMPLATE = `${JSON.stringify({
	$schema: SCHEMA,
	main: {command: ['node', 'server.js'], stopTimeout: '10s'},
	sidecars: {},
	logs: {format: 'pretty', timestamps: false},
}, null, '\t')}
`;

const YAML_TEMPLATE = `# yaml-language-server: $schema=${SCHEMA}
# Every key, its default and its unit: node_modules/sidecar/docs/config.md (durations: 250ms, 10s, 2m; sizes: 512KiB, 256MiB).
# name: shop            # the unit's name (control socket, cgroups); default: the directory's name
main:
  # An array runs directly; a string runs through /bin/sh -c. \`sidecar run -- CMD\` replaces it.
  command: [node, server.js]
  # readiness: {http: http://127.0.0.1:8080/healthz}   # with no probe: ready once alive for 1s
  stopTimeout: 10s      # then SIGKILL to the whole process tree
sidecars: {}
# sidecars:
#   logship:
#     command: [node, log-shipper.js]
#     start: before        # 'before' (default) | 'after': once main is ready
#     readiness: {tcp: 9000, timeout: 30s}   # {tcp} | {http} | {exec} | {log: regex} | {file}
#     restart: always      # 'always' (default) | 'on-failure' | 'never'
#     limits: {memory: 256MiB, cpu: 0.5}     # cpu in cores
logs: {format: pretty, timestamps: false}   # or json: one object per line
`;

const TEMPLATES: Record<string, {file: string; text: string}> = {
	ts: {file: 'sidecar.config.ts', text: TYPESCRIPT},
	json: {file: 'sidecar.config.json', text: JSON_TEMPLATE},
	yaml: {file: 'sidecar.config.yaml', text: YAML_TEMPLATE},
};

// `sidecar init [--format ts|json|yaml]`: write the commented template; never overwrite or shadow a config.
// TypeScript: sidecar.config.ts in an ES-module package, sidecar.config.mts otherwise (package-type.ts).
export async function init(args: string[]): Promise<number> {
	const {values} = parseCommand('init', args);
	const template = TEMPLATES[(values.format as string | undefined) ?? 'ts']!;
	// An ES module in any package: .mts where a .ts file would be CommonJS (sidecar loads both the same way).
	const name = template.file === 'sidecar.config.ts' && !isModulePackage(process.cwd()) ? 'sidecar.config.mts' : template.file;
	const file = path.resolve(name);
	// A second config beside the first would be silently ignored (the search takes the first it finds).
	const existing = SEARCH_PLACES.filter(place => place !== 'package.json' && place !== name).find(place => existsSync(place));
	if (existing !== undefined) {
		throw new SidecarError(`unable to write ${file}: ${path.resolve(existing)} is a config already`, EXIT.failure);
	}

	try {
		await writeFile(file, template.text, {flag: 'wx'});
	} catch (error) {
		throw new SidecarError(`unable to write ${file}: ${(error as NodeJS.ErrnoException).code === 'EEXIST' ? 'it exists already' : (error as Error).message}`, EXIT.failure, {cause: error});
	}

	await printOut(`wrote ${file}`);
	return EXIT.ok;
}
