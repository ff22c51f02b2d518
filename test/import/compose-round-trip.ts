import test from 'ava';
import {interpolateConfig} from '../../lib/config/interpolate.js';
import {resolveConfig} from '../../lib/config/resolve.js';
import type {ResolvedConfig, ResolvedProcess} from '../../lib/config/types.js';
import {exportCompose} from '../../lib/exporters/compose.js';
import {importCompose} from '../../lib/import/compose.js';
import {makeProject} from '../helpers/project.js';

// `sidecar export compose` then import gives back the same config on the keys both can express: command, env,
// env files, user and group, readiness as an exec probe with its timings, restart (sidecars), stopSignal,
// stopTimeout, limits.memory and limits.cpu, dependsOn names, conditions (started, ready, succeeded) and onRestart
// 'restart', profiles,
// replicas (a plain count), and a restarting watch's paths. Not carried: backoff, maxRestarts, critical, liveness,
// log files, signals and exit-code rules (the exporter keeps them under x-sidecar, which the importer reports).
const source = {
	name: 'shop',
	main: {
		command: 'node server.js --port 8080',
		env: {MODE: 'production', GREETING: 'a $dollar and ${HOME}'},
		readiness: {exec: ['curl', '-f', 'http://127.0.0.1:8080/'], interval: '500ms', period: '5s', checkTimeout: '2s', failureThreshold: 4, timeout: '45s'},
		stopSignal: 'SIGINT',
		stopTimeout: '20s',
		limits: {memory: '256MiB', cpu: 0.5},
		dependsOn: ['db', {name: 'migrate', condition: 'succeeded'}],
		user: 1000,
		group: 1000,
	},
	sidecars: {
		db: {command: ['postgres', '-D', 'data'], readiness: {exec: 'pg_isready'}, restart: 'on-failure', envFile: ['-.env.db']},
		migrate: {command: 'npm run migrate', run: 'once', dependsOn: ['db']},
		cache: {command: ['redis-server'], restart: 'never', profiles: ['full']},
		worker: {command: 'node worker.js', replicas: 3, watch: {paths: ['src']}, dependsOn: [{name: 'db', condition: 'started', onRestart: 'restart'}]},
	},
};

const images = {main: 'shop:1', db: 'postgres:16', migrate: 'shop:1', cache: 'redis:7', worker: 'shop:1'};

// What both formats can say about one process.
const comparable = (spec: ResolvedProcess) => ({
	name: spec.name,
	command: spec.command,
	env: spec.env,
	envFiles: spec.envFiles,
	user: spec.user,
	group: spec.group,
	// Compose has no pace that backs off (readiness/pacing.ts): an interval left unset comes back set, and fixed.
	readiness: spec.readiness === null ? null : {...spec.readiness, maxInterval: undefined},
	restart: spec.kind === 'main' ? 'main' : spec.restart,
	run: spec.run,
	stopSignal: spec.stopSignal,
	stopTimeout: spec.stopTimeout,
	limits: {memory: spec.limits.memory, cpu: spec.limits.cpu},
	dependsOn: spec.dependsOn.map(({name, condition, onRestart}) => ({name, condition, onRestart})),
	profiles: spec.profiles,
	replica: spec.replica,
	watchPaths: spec.watch?.paths,
});

const comparableConfig = (config: ResolvedConfig) => [config.main, ...config.sidecars].map(spec => comparable(spec));

test('importing what `sidecar export compose` wrote gives back the same config on the keys both express', async t => {
	const directory = makeProject(t, {'.env.db': ''});
	const original = resolveConfig(source, directory);
	const text = exportCompose(original, {images});
	const imported = await importCompose(text, {file: `${directory}/compose.yaml`, main: 'main'});
	// Loading a YAML or JSON config interpolates it (config/interpolate.ts): `$${HOME}` is a literal `${HOME}` again.
	const again = resolveConfig(interpolateConfig(imported.config, {}), directory);
	t.deepEqual(comparableConfig(again), comparableConfig(original));
	t.is(again.name, 'shop');
});

test('what the export keeps under x-sidecar is reported, not silently lost', async t => {
	const directory = makeProject(t);
	const text = exportCompose(resolveConfig(source, directory), {images});
	const {report} = await importCompose(text, {file: `${directory}/compose.yaml`, main: 'main'});
	t.like(report.find(line => line.path === 'x-sidecar'), {result: 'dropped'});
	t.like(report.find(line => line.path === 'services.main.environment.SIDECAR_NAME'), {result: 'dropped'});
	t.like(report.find(line => line.path === 'services.main.restart'), {result: 'dropped'});
});
