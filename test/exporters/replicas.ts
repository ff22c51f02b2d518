import {access, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {Ajv} from 'ajv';
import addFormatsModule from 'ajv-formats';
import {execa} from 'execa';
import {Deployment} from 'kubernetes-models/apps/v1/Deployment';
import {parse} from 'yaml';
import {resolveConfig} from '../../lib/config/resolve.js';
import {exportCompose} from '../../lib/exporters/compose.js';
import {exportKubernetes} from '../../lib/exporters/kubernetes.js';
import {exportSystemd} from '../../lib/exporters/systemd.js';

// Replicated sidecars in each export (docs/export.md, Replicas): what each instance gets, and what is said not carried.
const image = 'ghcr.io/acme/shop:2';
const unit = (sidecars: Record<string, unknown>, main: Record<string, unknown> = {}) =>
	resolveConfig({name: 'shop', main: {command: ['node', 'app.js'], image, ...main}, sidecars}, '/srv/shop', '/srv/shop/sidecar.config.json');

// `worker` differs per instance (a port), `pool` does not, `idle` has none; `api` waits for both groups.
const replicated = () => unit({
	worker: {command: ['node', 'worker.js', '--port', '${SIDECAR_PORT}'], image, readiness: {tcp: '127.0.0.1:${SIDECAR_PORT}'}, replicas: {count: 3, port: {base: 9000, step: 10}, minReady: 2, stagger: '1s'}},
	pool: {command: ['node', 'pool.js'], image, readiness: {exec: ['true']}, replicas: 2},
	idle: {command: ['node', 'idle.js'], image, replicas: 0},
	api: {command: ['node', 'api.js'], image, dependsOn: ['worker', {name: 'pool', condition: 'started'}, 'idle']},
}, {dependsOn: ['api', 'worker-1']});

const root = fileURLToPath(new URL('../../../', import.meta.url));
const composeSchemaFile = path.join(root, '..', 'shared', 'schemas', 'compose-spec.json');
const composeTest = existsSync(composeSchemaFile) ? test : test.skip;
const systemdAnalyze = '/usr/bin/systemd-analyze';
const verifyTest = await access(systemdAnalyze).then(() => test, () => test.skip);

type Container = {name: string; env: Array<{name: string; value: string}>; ports?: Array<{containerPort: number}>};

test('Kubernetes makes each instance a container with its own SIDECAR_* env and containerPort, and validates', t => {
	const text = exportKubernetes(replicated());
	const deployment = new Deployment(parse(text));
	t.notThrows(() => deployment.validate());
	const containers = deployment.spec!.template.spec!.initContainers as unknown as Container[];
	const env = (container: Container) => Object.fromEntries(container.env.filter(({name}) => name.startsWith('SIDECAR_')).map(({name, value}) => [name, value]));
	t.deepEqual(containers.map(container => [container.name, env(container), container.ports]), [
		['worker-0', {SIDECAR_NAME: 'worker-0', SIDECAR_REPLICA: '0', SIDECAR_REPLICAS: '3', SIDECAR_PORT: '9000'}, [{containerPort: 9000, protocol: 'TCP'}]],
		['worker-1', {SIDECAR_NAME: 'worker-1', SIDECAR_REPLICA: '1', SIDECAR_REPLICAS: '3', SIDECAR_PORT: '9010'}, [{containerPort: 9010, protocol: 'TCP'}]],
		['worker-2', {SIDECAR_NAME: 'worker-2', SIDECAR_REPLICA: '2', SIDECAR_REPLICAS: '3', SIDECAR_PORT: '9020'}, [{containerPort: 9020, protocol: 'TCP'}]],
		['pool-0', {SIDECAR_NAME: 'pool-0', SIDECAR_REPLICA: '0', SIDECAR_REPLICAS: '2'}, undefined],
		['pool-1', {SIDECAR_NAME: 'pool-1', SIDECAR_REPLICA: '1', SIDECAR_REPLICAS: '2'}, undefined],
		['api', {SIDECAR_NAME: 'api'}, undefined],
	]);
	t.deepEqual((containers[1] as unknown as {command: string[]}).command, ['node', 'worker.js', '--port', '9010']);
	const annotations = deployment.spec!.template.metadata!.annotations!;
	t.is(annotations['x-sidecar/worker.replicas'], '{"count":3,"port":{"base":9000,"step":10},"minReady":2,"stagger":1000}');
	t.is(annotations['x-sidecar/idle.replicas'], '{"count":0,"port":null,"minReady":0,"stagger":0}');
	t.is(annotations['x-sidecar/api.depends-on'], 'worker,pool (started),idle');
	const comments = text.split('\n').filter(line => line.startsWith('#'));
	t.true(comments.includes('# the Deployment\'s replicas copy the whole Pod), minReady and stagger (each container starts once the one'), text);
	t.true(comments.includes('# The instances of pool have no port: all share the Pod\'s network, so they must not listen on a fixed one.'), text);
	t.true(comments.includes('# worker: 3 instances, ports from 9000 by 10, minReady 2, stagger 1s'), text);
});

test('Kubernetes takes --image by group name for every instance, and names the group when one is missing', t => {
	const config = unit({pool: {command: ['node', 'pool.js'], replicas: 2}});
	const deployment = new Deployment(parse(exportKubernetes(config, {images: {pool: 'acme/pool:1'}})));
	t.deepEqual(deployment.spec!.template.spec!.initContainers!.map(({name, image: used}) => [name, used]), [['pool-0', 'acme/pool:1'], ['pool-1', 'acme/pool:1']]);
	t.throws(() => exportKubernetes(config), {message: 'unable to export pool: it has no image (set `image` in its config, or pass --image pool=IMAGE)'});
});

type ComposeService = {environment: Record<string, string>; command: string[]; deploy?: {replicas?: number; resources?: unknown}; depends_on?: Record<string, {condition: string}>};
type ComposeFile = {services: Record<string, ComposeService>; 'x-sidecar': {replicas: Record<string, unknown>}};

test('compose writes one service with deploy.replicas for alike instances, one per instance otherwise', t => {
	const text = exportCompose(replicated());
	const {services, 'x-sidecar': extras} = parse(text) as ComposeFile;
	t.deepEqual(Object.keys(services), ['main', 'worker-0', 'worker-1', 'worker-2', 'pool', 'api', 'idle']);
	const sidecarEnv = (name: string) => Object.fromEntries(Object.entries(services[name]!.environment).filter(([key]) => key.startsWith('SIDECAR_')));
	t.deepEqual(sidecarEnv('worker-1'), {SIDECAR_NAME: 'worker-1', SIDECAR_REPLICA: '1', SIDECAR_REPLICAS: '3', SIDECAR_PORT: '9010'});
	t.deepEqual(services['worker-1']!.command, ['node', 'worker.js', '--port', '9010']);
	t.is(services['worker-1']!.deploy, undefined);
	t.deepEqual(sidecarEnv('pool'), {SIDECAR_NAME: 'pool', SIDECAR_REPLICAS: '2'});
	t.deepEqual(services.pool!.deploy, {replicas: 2});
	t.deepEqual(services.idle!.deploy, {replicas: 0});
	t.deepEqual(services.api!.depends_on, {
		'worker-0': {condition: 'service_healthy'}, 'worker-1': {condition: 'service_healthy'}, 'worker-2': {condition: 'service_healthy'},
		pool: {condition: 'service_started'},
		idle: {condition: 'service_started'},
	});
	t.deepEqual(services.main!.depends_on, {api: {condition: 'service_started'}, 'worker-1': {condition: 'service_healthy'}});
	t.deepEqual(extras.replicas.worker, {count: 3, port: {base: 9000, step: 10}, minReady: 2, stagger: 1000});
	t.deepEqual(text.split('\n').filter(line => line.startsWith('# Not carried over')), [
		'# Not carried over: worker: one service per instance (worker-0 … worker-2), the count fixed (no `sidecar scale`); minReady 2 and stagger 1s (compose starts every replica at once and waits for all); each has its own SIDECAR_REPLICA, SIDECAR_REPLICAS and SIDECAR_PORT.',
		'# Not carried over: pool: deploy.replicas: 2 cannot give each replica its SIDECAR_REPLICA (nor its own SIDECAR_NAME pool-N); a dependsOn on one instance waits for the service.',
		'# Not carried over: idle: deploy.replicas: 0 cannot give each replica its SIDECAR_REPLICA (nor its own SIDECAR_NAME idle-N); a dependsOn on one instance waits for the service.',
	]);
});

test('compose maps a dependsOn on one instance of alike instances to their service', t => {
	const {services} = parse(exportCompose(unit({pool: {command: 'work', image, replicas: 3}, api: {command: 'api', image, dependsOn: ['pool-2']}}))) as ComposeFile;
	t.deepEqual(services.api!.depends_on, {pool: {condition: 'service_started'}});
});

test('compose counts an instance\'s SIDECAR_REPLICA in any string as a difference', t => {
	const {services} = parse(exportCompose(unit({pool: {command: 'work', env: {SHARD: 'shard-${SIDECAR_REPLICA}'}, image, replicas: 2}}))) as ComposeFile;
	t.deepEqual(Object.keys(services), ['main', 'pool-0', 'pool-1']);
	t.is(services['pool-1']!.environment.SHARD, 'shard-1');
});

composeTest('the compose export with replicas validates against the compose-spec schema', async t => {
	const {$schema: _, ...schema} = JSON.parse(await readFile(composeSchemaFile, 'utf8')) as Record<string, unknown>;
	const ajv = new Ajv({allErrors: true, strict: false});
	addFormatsModule.default(ajv);
	const validate = ajv.compile(schema);
	t.true(validate(parse(exportCompose(replicated()))), ajv.errorsText(validate.errors));
	const limited = unit({pool: {command: 'work', image, limits: {memory: '64MiB'}, replicas: 2}});
	const file = parse(exportCompose(limited)) as ComposeFile;
	t.deepEqual(file.services.pool!.deploy, {replicas: 2, resources: {limits: {memory: '64m'}}});
	t.true(validate(file), ajv.errorsText(validate.errors));
});

test('systemd keeps the instances inside `sidecar run` and says so', t => {
	const lines = exportSystemd(replicated(), {node: '/usr/bin/node', bin: '/opt/sidecar/dist/cli/sidecar.js'}).split('\n');
	t.true(lines.includes('# Replicated sidecars run inside `sidecar run`: worker: 3 instances, ports from 9000 by 10, minReady 2, stagger 1s; pool: 2 instances, minReady 2; idle: 0 instances, minReady 0.'), lines.join('\n'));
	t.true(lines.includes('# `sidecar scale NAME N` changes a count while the unit runs; systemd sees one service.'));
	t.false(exportSystemd(unit({}), {node: '/usr/bin/node', bin: '/opt/sidecar/dist/cli/sidecar.js'}).includes('Replicated'));
});

verifyTest('systemd-analyze verify accepts the unit with replicas', async t => {
	const directory = await mkdtemp(path.join(tmpdir(), 'sidecar-systemd-'));
	t.teardown(() => rm(directory, {recursive: true, force: true}));
	const bin = path.join(directory, 'sidecar.js');
	await writeFile(bin, '');
	const file = path.join(directory, 'shop.service');
	await writeFile(file, exportSystemd({...replicated(), directory}, {node: process.execPath, bin}));
	const {stderr} = await execa(systemdAnalyze, ['verify', '--man=no', '--generators=no', file], {reject: false});
	t.deepEqual(stderr.split('\n').filter(line => line.includes('shop.service')), []);
});
