import type {ResolvedConfig, ResolvedDependency, ResolvedProcess} from '../../lib/config/types.js';

// A dependsOn edge: ready, no onRestart, unless given.
export const edge = (name: string, more: Partial<ResolvedDependency> = {}): ResolvedDependency => ({name, condition: 'ready', onRestart: 'none', ...more});

// A resolved process with the documented defaults; `overrides` sets what a test cares about.
export const sampleProcess = (name: string, overrides: Partial<ResolvedProcess> = {}): ResolvedProcess => ({
	name,
	kind: name === 'main' ? 'main' : 'sidecar',
	run: 'always',
	command: ['node', `${name}.js`],
	start: 'before',
	timeout: null,
	dependsOn: [],
	readiness: null,
	liveness: null,
	restart: 'always',
	backoff: {initial: 100, max: 30_000, factor: 2, resetAfter: 60_000},
	maxRestarts: {count: 10, window: 60_000},
	critical: false,
	limits: {memory: null, cpu: null, action: 'restart', enforce: 'auto', interval: 1000},
	stopSignal: 'SIGTERM',
	stopTimeout: 10_000,
	env: {},
	envFiles: [],
	fileEnv: {},
	envSources: {},
	successCodes: [],
	neverRestartOn: [],
	cwd: '/srv/shop',
	user: null,
	group: null,
	image: null,
	logs: {file: null, maxSize: 10 * 1024 ** 2, keep: 5},
	hooks: {postStart: null, preStop: null, timeout: 30_000},
	drain: null,
	stdin: name === 'main' ? 'auto' : 'ignore',
	enabled: true,
	profiles: [],
	replica: null,
	schedule: null,
	watch: null,
	sockets: [],
	...overrides,
});

// Main plus three sidecars: `proxy` is declared first but depends on `secrets`, so the start order is
// secrets, proxy, then `metrics` ('after' main). `metrics` has no image: tests pass it with `images`.
export const sampleConfig = (overrides: Partial<ResolvedConfig> = {}): ResolvedConfig => ({
	name: 'shop',
	directory: '/srv/shop',
	file: '/srv/shop/sidecar.config.ts',
	main: sampleProcess('main', {
		command: ['node', 'server.js'],
		image: 'ghcr.io/acme/shop:2.0',
		readiness: {probe: {kind: 'http', url: 'http://127.0.0.1:8080/healthz?full=1', headers: {}, insecure: false, status: [200, 399]}, timeout: 30_000, interval: 500, maxInterval: 500, checkTimeout: 1000, period: 10_000, failureThreshold: 3, successThreshold: 1},
		liveness: {probe: {kind: 'http', url: 'http://127.0.0.1:8080/healthz', headers: {}, insecure: false, status: [200, 399]}, interval: 5000, timeout: 1000, failureThreshold: 3, initialDelay: 0, action: 'restart'},
		limits: {memory: 1024 ** 3, cpu: 1, action: 'restart', enforce: 'auto', interval: 1000},
		env: {PORT: '8080', GREETING: 'yes: "quoted" # not a comment'},
	}),
	sidecars: [
		sampleProcess('proxy', {
			dependsOn: [edge('secrets')],
			image: 'envoyproxy/envoy:v1.30',
			readiness: {probe: {kind: 'tcp', host: '127.0.0.1', port: 9000}, timeout: 20_000, interval: 1000, maxInterval: 1000, checkTimeout: 1000, period: 10_000, failureThreshold: 3, successThreshold: 1},
			liveness: {probe: {kind: 'exec', command: ['/bin/sh', '-c', 'pidof envoy']}, interval: 10_000, timeout: 2000, failureThreshold: 2, initialDelay: 5000, action: 'restart'},
			limits: {memory: 256 * 1024 ** 2, cpu: 0.5, action: 'restart', enforce: 'auto', interval: 1000},
			stopSignal: 'SIGINT',
			stopTimeout: 5000,
		}),
		sampleProcess('secrets', {
			command: ['/bin/sh', '-c', 'fetch-secrets --watch'],
			image: 'ghcr.io/acme/secrets:1',
			readiness: {probe: {kind: 'file', path: '/run/secrets/ready'}, timeout: 10_000, interval: 250, maxInterval: 250, checkTimeout: 1000, period: 10_000, failureThreshold: 3, successThreshold: 1},
			restart: 'on-failure',
			critical: true,
			stopTimeout: 2500,
			user: 1000,
			group: 'nogroup',
		}),
		sampleProcess('metrics', {
			start: 'after',
			readiness: {probe: {kind: 'log', pattern: 'listening on \\d+'}, timeout: 30_000, interval: 1000, maxInterval: 1000, checkTimeout: 1000, period: 10_000, failureThreshold: 3, successThreshold: 1},
			restart: 'never',
			stopTimeout: 3000,
			logs: {file: 'logs/metrics.log', maxSize: 1024 ** 2, keep: 3},
		}),
	],
	signals: {SIGHUP: 'main', SIGUSR1: 'main', SIGUSR2: ['main', 'proxy']},
	logs: {format: 'pretty', timestamps: false},
	metrics: null,
	http: null,
	groups: [],
	sockets: [],
	shutdown: 'sequential',
	profiles: [],
	notifications: [],
	...overrides,
});

// What every export of the sample needs: the one image the config leaves out.
export const sampleImages = {metrics: 'prom/statsd-exporter:v0.26'};
