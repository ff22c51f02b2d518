import test from 'ava';
import {parse} from 'yaml';
import {exportCompose} from '../../lib/exporters/compose.js';
import {EXIT, SidecarError} from '../../lib/errors.js';
import {edge, sampleConfig, sampleImages} from './_sample-config.js';

type Service = {
	image: string;
	command?: string[];
	environment: Record<string, string>;
	user?: string;
	depends_on?: Record<string, {condition: string}>;
	healthcheck?: {test: string[]; interval: string; timeout: string; retries: number; start_period: string};
	restart: string;
	stop_signal: string;
	stop_grace_period: string;
	deploy?: {resources: {limits: {cpus?: number; memory?: string}}};
	'x-sidecar'?: Record<string, unknown>;
};
type ComposeFile = {name: string; services: Record<string, Service>; 'x-sidecar': {signals: unknown}};

const exportSample = (config = sampleConfig(), images: Record<string, string> = sampleImages): ComposeFile =>
	parse(exportCompose(config, {images})) as ComposeFile;

test('every process is a service, main as "main"', t => {
	const file = exportSample();
	t.is(file.name, 'shop');
	t.deepEqual(Object.keys(file.services), ['main', 'proxy', 'secrets', 'metrics']);
});

test('every process lists its dependencies, healthy where a readiness probe exists', t => {
	const {services} = exportSample();
	const dependencies = Object.fromEntries(Object.entries(services).map(([name, service]) =>
		[name, Object.fromEntries(Object.entries(service.depends_on ?? {}).map(([on, {condition}]) => [on, condition]))]));
	t.deepEqual(dependencies, {
		// main waits for every 'before' sidecar; 'after' ones wait for main.
		main: {proxy: 'service_healthy', secrets: 'service_healthy'},
		proxy: {secrets: 'service_healthy'},
		secrets: {},
		metrics: {main: 'service_healthy'},
	});
});

test('a dependency whose readiness has no healthcheck form is only started', t => {
	const config = sampleConfig();
	config.sidecars.find(sidecar => sidecar.name === 'proxy')!.dependsOn = [edge('metrics')];
	config.sidecars.find(sidecar => sidecar.name === 'proxy')!.start = 'after';
	t.deepEqual(exportSample(config).services.proxy!.depends_on, {main: {condition: 'service_healthy'}, metrics: {condition: 'service_started'}});
});

test('readiness probes become healthchecks', t => {
	const {services} = exportSample();
	t.deepEqual(services.main!.healthcheck, {
		test: ['CMD-SHELL', 'curl -fsS -o /dev/null \'http://127.0.0.1:8080/healthz?full=1\' || wget -q -O /dev/null \'http://127.0.0.1:8080/healthz?full=1\''],
		interval: '10s',
		timeout: '1s',
		retries: 3,
		start_period: '30s',
		start_interval: '500ms',
	});
	t.deepEqual(services.proxy!.healthcheck!.test, ['CMD', 'bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/9000']);
	t.deepEqual(services.secrets!.healthcheck!.test, ['CMD', 'test', '-f', '/run/secrets/ready']);
	t.is(services.metrics!.healthcheck, undefined);
	t.deepEqual(services.metrics!['x-sidecar']!.readiness, {log: 'listening on \\d+'});
});

test('restart policies, stop signals and grace periods map over', t => {
	const {services} = exportSample();
	const fields = Object.fromEntries(Object.entries(services).map(([name, {restart, stop_signal, stop_grace_period}]) =>
		[name, [restart, stop_signal, stop_grace_period]]));
	t.deepEqual(fields, {
		main: ['on-failure', 'SIGTERM', '10s'],
		proxy: ['always', 'SIGINT', '5s'],
		secrets: ['on-failure', 'SIGTERM', '2500ms'],
		metrics: ['no', 'SIGTERM', '3s'],
	});
});

test('limits become deploy.resources.limits', t => {
	const {services} = exportSample();
	t.deepEqual(services.main!.deploy, {resources: {limits: {cpus: 1, memory: '1g'}}});
	t.deepEqual(services.proxy!.deploy, {resources: {limits: {cpus: 0.5, memory: '256m'}}});
	t.is(services.secrets!.deploy, undefined);
});

test('command, environment, user and extras survive the trip', t => {
	const file = exportSample();
	const {main, secrets, proxy} = file.services;
	t.deepEqual(main!.command, ['node', 'server.js']);
	t.deepEqual(main!.environment, {PORT: '8080', GREETING: 'yes: "quoted" # not a comment', SIDECAR_NAME: 'main'});
	t.is(secrets!.user, '1000:nogroup');
	t.deepEqual(secrets!['x-sidecar'], {
		backoff: {initial: 100, max: 30_000, factor: 2, resetAfter: 60_000},
		maxRestarts: {count: 10, window: 60_000},
		critical: true,
	});
	t.is((proxy!['x-sidecar']!.liveness as {failureThreshold: number}).failureThreshold, 2);
	t.deepEqual(file['x-sidecar'].signals, sampleConfig().signals);
});

test('a process with no image is an error naming it and --image', t => {
	t.throws(() => exportCompose(sampleConfig()), {
		instanceOf: SidecarError,
		message: 'unable to export metrics: it has no image (set `image` in its config, or pass --image metrics=IMAGE)',
	});
	t.is(t.throws<SidecarError>(() => exportCompose(sampleConfig()))?.exitCode, EXIT.usage);
});

test('--image supplies and overrides images', t => {
	const {services} = exportSample(sampleConfig(), {...sampleImages, proxy: 'envoyproxy/envoy:v1.31'});
	t.is(services.proxy!.image, 'envoyproxy/envoy:v1.31');
	t.is(services.metrics!.image, sampleImages.metrics);
	t.is(services.main!.image, 'ghcr.io/acme/shop:2.0');
});
