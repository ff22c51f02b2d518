import test from 'ava';
import {Deployment} from 'kubernetes-models/apps/v1/Deployment';
import {Pod} from 'kubernetes-models/v1/Pod';
import type {IPodSpec} from 'kubernetes-models/v1/PodSpec';
import {parse} from 'yaml';
import {exportKubernetes, type KubernetesOptions} from '../../lib/exporters/kubernetes.js';
import {ConfigError, EXIT, SidecarError} from '../../lib/errors.js';
import type {ResolvedConfig} from '../../lib/config/types.js';
import {sampleConfig, sampleImages, sampleProcess} from './_sample-config.js';

// Parse the export and check it against Kubernetes' own schema (kubernetes-models' validate() throws).
const exportDeployment = (config = sampleConfig(), options: KubernetesOptions = {}) => {
	const deployment = new Deployment(parse(exportKubernetes(config, {images: sampleImages, ...options})));
	deployment.validate();
	const pod = deployment.spec!.template;
	return {deployment, spec: pod.spec!, annotations: pod.metadata!.annotations!};
};

const container = (spec: IPodSpec, name: string) =>
	[...spec.initContainers ?? [], ...spec.containers].find(container => container.name === name)!;

test('a Deployment validates against the Kubernetes schema', t => {
	const {deployment} = exportDeployment();
	t.is(deployment.metadata!.name, 'shop');
	t.is(deployment.spec!.replicas, 1);
	t.deepEqual(deployment.spec!.selector.matchLabels, {'app.kubernetes.io/name': 'shop'});
	t.is(deployment.spec!.template.metadata!.labels!['app.kubernetes.io/name'], 'shop');
});

test('a Pod validates against the Kubernetes schema', t => {
	const pod = new Pod(parse(exportKubernetes(sampleConfig(), {kind: 'pod', images: sampleImages})));
	t.notThrows(() => pod.validate());
	t.is(pod.kind, 'Pod');
	t.deepEqual(pod.spec!.initContainers!.map(container => container.name), ['secrets', 'proxy', 'metrics']);
	t.is(pod.metadata!.annotations!['sidecar.io/metrics.start'], 'after');
});

test('the schema check is live: a broken manifest fails it', t => {
	const manifest = parse(exportKubernetes(sampleConfig(), {images: sampleImages}));
	manifest.spec.template.spec.containers[0].resources.limits.memory = '1 gigabyte';
	t.throws(() => new Deployment(manifest).validate());
});

test('sidecars are native sidecars in start order, main is the container', t => {
	const {spec, annotations} = exportDeployment();
	t.deepEqual(spec.initContainers!.map(({name, restartPolicy}) => [name, restartPolicy]),
		[['secrets', 'Always'], ['proxy', 'Always'], ['metrics', 'Always']]);
	t.deepEqual(spec.containers.map(({name, image}) => [name, image]), [['main', 'ghcr.io/acme/shop:2.0']]);
	t.is(annotations['sidecar.io/metrics.start'], 'after');
	t.false('sidecar.io/proxy.start' in annotations);
	t.is(annotations['sidecar.io/proxy.depends-on'], 'secrets');
});

test('an explicit start order replaces the default; \'after\' sidecars still come last', t => {
	const {spec} = exportDeployment(sampleConfig(), {order: ['metrics', 'proxy', 'secrets']});
	t.deepEqual(spec.initContainers!.map(({name}) => name), ['proxy', 'secrets', 'metrics']);
	t.throws(() => exportKubernetes(sampleConfig(), {images: sampleImages, order: ['proxy']}), {message: /^Bug: start order/});
});

test('a dependency cycle is a config error', t => {
	const config = sampleConfig({sidecars: [sampleProcess('a', {dependsOn: ['b'], image: 'x'}), sampleProcess('b', {dependsOn: ['a'], image: 'x'})]});
	t.throws(() => exportKubernetes(config), {
		instanceOf: ConfigError,
		message: /sidecars\.a\.dependsOn: got "a → b → a", expected no dependency cycle/,
	});
});

test('readiness becomes a startupProbe covering the timeout, and a readinessProbe', t => {
	const {spec} = exportDeployment();
	const main = container(spec, 'main');
	t.deepEqual(main.startupProbe, {httpGet: {scheme: 'HTTP', port: 8080, path: '/healthz?full=1'}, periodSeconds: 1, failureThreshold: 30, timeoutSeconds: 1});
	t.deepEqual(main.readinessProbe, {httpGet: {scheme: 'HTTP', port: 8080, path: '/healthz?full=1'}, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1});
	t.deepEqual(container(spec, 'proxy').startupProbe, {tcpSocket: {port: 9000}, periodSeconds: 1, failureThreshold: 20, timeoutSeconds: 1});
	t.deepEqual(container(spec, 'secrets').startupProbe!.exec, {command: ['test', '-f', '/run/secrets/ready']});
	const config = sampleConfig();
	for (const process of [config.main, ...config.sidecars]) {
		const probe = container(spec, process.name).startupProbe;
		if (probe !== undefined) {
			t.true(probe.failureThreshold! * probe.periodSeconds! * 1000 >= process.readiness!.timeout, process.name);
		}
	}
});

test('a log readiness probe has no Kubernetes form and becomes an annotation', t => {
	const {spec, annotations} = exportDeployment();
	const metrics = container(spec, 'metrics');
	t.is(metrics.startupProbe, undefined);
	t.is(metrics.readinessProbe, undefined);
	t.is(annotations['sidecar.io/metrics.readiness'], 'log /listening on \\d+/');
});

test('liveness round-trips as a livenessProbe', t => {
	const {spec} = exportDeployment();
	t.deepEqual(container(spec, 'proxy').livenessProbe!.exec, {command: ['/bin/sh', '-c', 'pidof envoy']});
	t.deepEqual(container(spec, 'main').livenessProbe!.httpGet, {scheme: 'HTTP', port: 8080, path: '/healthz'});
});

test('limits become resources.limits in cores and binary units', t => {
	const {spec} = exportDeployment();
	t.deepEqual(container(spec, 'main').resources, {limits: {cpu: '1', memory: '1Gi'}});
	t.deepEqual(container(spec, 'proxy').resources, {limits: {cpu: '500m', memory: '256Mi'}});
	t.is(container(spec, 'secrets').resources, undefined);
});

test('every stop timeout in turn fits in terminationGracePeriodSeconds', t => {
	// 10 s + 5 s + 2.5 s + 3 s, plus a 5 s margin, rounded up.
	t.is(exportDeployment().spec.terminationGracePeriodSeconds, 26);
});

test('command, env, users and what has no Kubernetes form survive the trip', t => {
	const {spec, annotations} = exportDeployment();
	const main = container(spec, 'main');
	t.deepEqual(main.command, ['node', 'server.js']);
	t.deepEqual(main.env, [
		{name: 'PORT', value: '8080'},
		{name: 'GREETING', value: 'yes: "quoted" # not a comment'},
		{name: 'SIDECAR_NAME', value: 'main'},
	]);
	t.deepEqual(container(spec, 'secrets').command, ['/bin/sh', '-c', 'fetch-secrets --watch']);
	t.deepEqual(container(spec, 'secrets').securityContext, {runAsUser: 1000});
	t.is(annotations['sidecar.io/secrets.group'], 'nogroup');
	t.is(annotations['sidecar.io/secrets.restart'], 'on-failure');
	t.is(annotations['sidecar.io/secrets.critical'], 'true');
	t.deepEqual(JSON.parse(annotations['sidecar.io/proxy.backoff']!), {initial: 100, max: 30_000, factor: 2, resetAfter: 60_000});
	t.deepEqual(JSON.parse(annotations['sidecar.io/proxy.max-restarts']!), {count: 10, window: 60_000});
	t.is(annotations['sidecar.io/proxy.stop-signal'], 'SIGINT');
	t.is(JSON.parse(annotations['sidecar.io/metrics.logs']!).file, 'logs/metrics.log');
	t.deepEqual(JSON.parse(annotations['sidecar.io/signals']!), sampleConfig().signals);
});

test('a process with no image is an error naming it and --image', t => {
	const error = t.throws(() => exportKubernetes(sampleConfig()), {instanceOf: SidecarError});
	t.is(error?.exitCode, EXIT.usage);
	t.is(error?.message, 'unable to export metrics: it has no image (set `image` in its config, or pass --image metrics=IMAGE)');
});

test('--image supplies and overrides images', t => {
	const {spec} = exportDeployment(sampleConfig(), {images: {...sampleImages, main: 'registry.local/shop:dev'}});
	t.is(container(spec, 'main').image, 'registry.local/shop:dev');
	t.is(container(spec, 'metrics').image, sampleImages.metrics);
});

test('--image naming no process is an error', t => {
	t.throws(() => exportKubernetes(sampleConfig(), {images: {...sampleImages, metric: 'x'}}),
		{instanceOf: SidecarError, message: /--image metric=… names no process \(known: main, proxy, secrets, metrics\)/});
});

test('the unit name becomes a DNS label; a bad container name is an error', t => {
	const config: ResolvedConfig = sampleConfig({name: 'My_Shop'});
	const {deployment, annotations} = exportDeployment(config);
	t.is(deployment.metadata!.name, 'my-shop');
	t.is(annotations['sidecar.io/name'], 'My_Shop');
	const bad = sampleConfig({sidecars: [sampleProcess('Log_Ship', {image: 'x'})]});
	t.throws(() => exportKubernetes(bad), {instanceOf: SidecarError, message: /unable to export Log_Ship: Kubernetes container names/});
});

test('a main with no command runs the image entrypoint', t => {
	const config = sampleConfig();
	config.main.command = [];
	t.is(container(exportDeployment(config).spec, 'main').command, undefined);
});
