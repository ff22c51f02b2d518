import test from 'ava';
import {Deployment} from 'kubernetes-models/apps/v1/Deployment';
import {Pod} from 'kubernetes-models/v1/Pod';
import type {IPodSpec} from 'kubernetes-models/v1/PodSpec';
import {parse} from 'yaml';
import {ANNOTATION_PREFIX, keyStem} from '../../lib/exporters/kubernetes-annotations.js';
import {exportKubernetes, type KubernetesOptions} from '../../lib/exporters/kubernetes.js';
import {ConfigError, EXIT, SidecarError} from '../../lib/errors.js';
import type {ResolvedConfig} from '../../lib/config/types.js';
import {keyProblems, kubernetesNameProblems} from './_kubernetes-names.js';
import {edge, sampleConfig, sampleImages, sampleProcess} from './_sample-config.js';

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
	t.is(pod.metadata!.annotations!['x-sidecar/metrics.start'], 'after');
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
	t.is(annotations['x-sidecar/metrics.start'], 'after');
	t.false('x-sidecar/proxy.start' in annotations);
	t.is(annotations['x-sidecar/proxy.depends-on'], 'secrets');
});

test('an explicit start order replaces the default; \'after\' sidecars still come last', t => {
	const {spec} = exportDeployment(sampleConfig(), {order: ['metrics', 'proxy', 'secrets']});
	t.deepEqual(spec.initContainers!.map(({name}) => name), ['proxy', 'secrets', 'metrics']);
	t.throws(() => exportKubernetes(sampleConfig(), {images: sampleImages, order: ['proxy']}), {message: /^Bug: start order/});
});

test('a dependency cycle is a config error', t => {
	const config = sampleConfig({sidecars: [sampleProcess('a', {dependsOn: [edge('b')], image: 'x'}), sampleProcess('b', {dependsOn: [edge('a')], image: 'x'})]});
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
	t.is(annotations['x-sidecar/metrics.readiness'], 'log /listening on \\d+/');
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
	t.is(annotations['x-sidecar/secrets.group'], 'nogroup');
	t.is(annotations['x-sidecar/secrets.restart'], 'on-failure');
	t.is(annotations['x-sidecar/secrets.critical'], 'true');
	t.deepEqual(JSON.parse(annotations['x-sidecar/proxy.backoff']!), {initial: 100, max: 30_000, factor: 2, resetAfter: 60_000});
	t.deepEqual(JSON.parse(annotations['x-sidecar/proxy.max-restarts']!), {count: 10, window: 60_000});
	t.is(annotations['x-sidecar/proxy.stop-signal'], 'SIGINT');
	t.is(JSON.parse(annotations['x-sidecar/metrics.logs']!).file, 'logs/metrics.log');
	t.deepEqual(JSON.parse(annotations['x-sidecar/signals']!), sampleConfig().signals);
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
	t.is(annotations['x-sidecar/name'], 'My_Shop');
	const bad = sampleConfig({sidecars: [sampleProcess('Log_Ship', {image: 'x'})]});
	t.throws(() => exportKubernetes(bad), {instanceOf: SidecarError, message: /unable to export Log_Ship: Kubernetes container names/});
});

test('a main with no command runs the image entrypoint', t => {
	const config = sampleConfig();
	config.main.command = [];
	t.is(container(exportDeployment(config).spec, 'main').command, undefined);
});

// Long names: a container name may have 63 characters, a gate's 64; two of them share their first 50.
const longConfig = () => {
	const long = (tail: string) => `${'a'.repeat(50)}-${tail}`.slice(0, 63);
	return sampleConfig({
		name: `Unit_${'x'.repeat(80)}`,
		sidecars: [
			sampleProcess(long('one-with-the-longest-name'), {image: 'x', restart: 'on-failure', successCodes: [3], neverRestartOn: [4]}),
			sampleProcess(long('two'), {image: 'x', maxRestarts: {count: 1, window: 1000}, neverRestartOn: [4]}),
			sampleProcess(`${'g'.repeat(64)}`, {run: 'gate', command: [], readiness: {probe: {kind: 'tcp', host: 'db', port: 5432}, timeout: 1000, interval: 100, maxInterval: 100, checkTimeout: 100, period: 1000, failureThreshold: 1, successThreshold: 1}}),
		],
	});
};

test('every key and name passes the API server\'s length and name rules, long names included', t => {
	t.deepEqual(kubernetesNameProblems(parse(exportKubernetes(sampleConfig(), {images: sampleImages}))), []);
	t.deepEqual(kubernetesNameProblems(parse(exportKubernetes(sampleConfig(), {images: sampleImages, kind: 'pod'}))), []);
	const {deployment, annotations} = exportDeployment(longConfig(), {images: {}});
	t.deepEqual(kubernetesNameProblems(deployment.toJSON() as never), []);
	t.true(Object.keys(annotations).every(key => key.startsWith(`${ANNOTATION_PREFIX}/`)));
});

test('a name too long for a key is shortened the same way every time, never onto another\'s keys, and given whole', t => {
	const config = longConfig();
	const {annotations} = exportDeployment(config, {images: {}});
	t.is(exportKubernetes(config), exportKubernetes(longConfig()));
	const stems = config.sidecars.map(({name}) => keyStem(name));
	t.is(new Set(stems).size, stems.length);
	for (const [index, {name}] of config.sidecars.entries()) {
		t.true(stems[index]!.startsWith(name.slice(0, 30)), name);
		t.is(annotations[`x-sidecar/${stems[index]!}.name`], name);
		t.true(`x-sidecar/${stems[index]!}.never-restart-on`.length - 'x-sidecar/'.length <= 63);
	}

	t.is(annotations[`x-sidecar/${stems[0]!}.never-restart-on`], '4');
	t.is(annotations[`x-sidecar/${stems[2]!}.not-exported`], 'gate: waits for tcp probe db:5432 before its dependents start');
	t.is(keyStem('proxy'), 'proxy');
	t.false(`x-sidecar/proxy.name` in annotations);
});

test('a process named like another\'s shortened keys is an error naming both', t => {
	const long = 'a'.repeat(60);
	const config = sampleConfig({sidecars: [sampleProcess(long, {image: 'x'}), sampleProcess(keyStem(long), {image: 'x'})]});
	t.throws(() => exportKubernetes(config), {instanceOf: SidecarError, message: `unable to export ${keyStem(long)}: its annotation keys (x-sidecar/${keyStem(long)}.…) would be those of ${long}; rename one of them`});
});

test('the name checks are live: a long key and a bad label value are reported', t => {
	t.deepEqual(keyProblems(`sidecar.io/${'a'.repeat(55)}.max-restarts`), [`key sidecar.io/${'a'.repeat(55)}.max-restarts: name is not 1-63 of [A-Za-z0-9._-], alphanumeric at both ends`]);
	t.deepEqual(keyProblems('-x/y'), ['key -x/y: prefix is not a DNS subdomain of at most 253']);
	const manifest = parse(exportKubernetes(sampleConfig(), {images: sampleImages}));
	manifest.metadata.labels['app.kubernetes.io/name'] = 'x'.repeat(64);
	t.is(kubernetesNameProblems(manifest).length, 1);
});
