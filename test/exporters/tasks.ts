import {access, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {Deployment} from 'kubernetes-models/apps/v1/Deployment';
import {parse} from 'yaml';
import type {ResolvedConfig} from '../../lib/config/types.js';
import {exportCompose} from '../../lib/exporters/compose.js';
import {exportKubernetes} from '../../lib/exporters/kubernetes.js';
import {exportSystemd} from '../../lib/exporters/systemd.js';
import {edge, sampleConfig, sampleImages, sampleProcess} from './_sample-config.js';

const systemdAnalyze = '/usr/bin/systemd-analyze';
// Without systemd-analyze the check cannot run: ava counts it as skipped.
const verifyTest = await access(systemdAnalyze).then(() => test, () => test.skip);

const envFiles = [{path: '/srv/shop/.env', optional: false}, {path: '/srv/shop/.env.local', optional: true}];

// The sample unit with a 'before' task, an 'after' task, a shutdown task, a gate, env files and exit-code rules.
function taskConfig(): ResolvedConfig {
	const config = sampleConfig();
	const withFiles = <T extends {envFiles: unknown}>(spec: T): T => ({...spec, envFiles});
	config.main = withFiles({...config.main, successCodes: [3], neverRestartOn: [78]});
	config.sidecars = [
		...config.sidecars.map(spec => withFiles(spec)),
		sampleProcess('db', {run: 'gate', command: [], readiness: {probe: {kind: 'tcp', host: 'db.internal', port: 5432}, timeout: 60_000, interval: 1000, maxInterval: 1000, checkTimeout: 1000, period: 10_000, failureThreshold: 3, successThreshold: 1}}),
		sampleProcess('migrate', {run: 'once', restart: 'on-failure', dependsOn: [edge('db')], image: 'ghcr.io/acme/shop:2.0', timeout: 120_000, successCodes: [2], envFiles}),
		sampleProcess('warm', {run: 'once', start: 'after', restart: 'never', image: 'ghcr.io/acme/shop:2.0', envFiles}),
		sampleProcess('flush', {run: 'once', start: 'shutdown', timeout: 30_000, image: 'ghcr.io/acme/shop:2.0', envFiles}),
	];
	return config;
}

test('kubernetes: a \'before\' task is a plain init container in start order, validated; later tasks and gates are annotations', t => {
	const deployment = new Deployment(parse(exportKubernetes(taskConfig(), {images: sampleImages})));
	t.notThrows(() => deployment.validate());
	const pod = deployment.spec!.template;
	const init = pod.spec!.initContainers!;
	t.deepEqual(init.map(({name, restartPolicy}) => [name, restartPolicy]),
		[['secrets', 'Always'], ['proxy', 'Always'], ['migrate', undefined], ['metrics', 'Always']]);
	const annotations = pod.metadata!.annotations!;
	t.is(annotations['x-sidecar/db.not-exported'], 'gate: waits for tcp probe db.internal:5432 before its dependents start');
	t.is(annotations['x-sidecar/warm.not-exported'], 'task that runs once main is ready: node warm.js');
	t.is(annotations['x-sidecar/flush.not-exported'], 'task that runs at shutdown, after main: node flush.js');
	t.is(annotations['x-sidecar/migrate.success-codes'], '2');
	t.is(annotations['x-sidecar/main.never-restart-on'], '78');
	t.false(init.some(({name}) => ['db', 'warm', 'flush'].includes(name)));
});

test('kubernetes: env files become ConfigMap references, and the header says how to create each; no value is copied', t => {
	const text = exportKubernetes(taskConfig(), {images: sampleImages});
	const deployment = new Deployment(parse(text));
	const main = deployment.spec!.template.spec!.containers[0]!;
	t.deepEqual(main.envFrom, [{configMapRef: {name: 'shop-env'}}, {configMapRef: {name: 'shop-env-local', optional: true}}]);
	t.regex(text, /^# envFile \/srv\/shop\/\.env: kubectl create configmap shop-env --from-env-file=\/srv\/shop\/\.env/m);
});

type Service = {depends_on?: Record<string, {condition: string}>; env_file?: unknown[]; restart: string; 'x-sidecar'?: Record<string, unknown>};

test('compose: dependents wait for tasks with service_completed_successfully; env_file by path; gates and shutdown tasks in x-sidecar', t => {
	const file = parse(exportCompose(taskConfig(), {images: sampleImages})) as {services: Record<string, Service>; 'x-sidecar': Record<string, unknown>};
	t.deepEqual(Object.keys(file.services), ['main', 'proxy', 'secrets', 'metrics', 'migrate', 'warm']);
	t.is(file.services.main!.depends_on!.migrate!.condition, 'service_completed_successfully');
	t.deepEqual(file.services.migrate!.depends_on, undefined, 'the gate it depends on is not a service');
	t.deepEqual(file.services.warm!.depends_on, {main: {condition: 'service_healthy'}});
	t.is(file.services.migrate!.restart, 'on-failure');
	t.deepEqual(file.services.main!.env_file, ['/srv/shop/.env', {path: '/srv/shop/.env.local', required: false}]);
	t.deepEqual(file['x-sidecar'].gates, {db: 'tcp probe db.internal:5432'});
	t.deepEqual(file['x-sidecar'].shutdownTasks, {flush: {command: ['node', 'flush.js'], timeout: 30_000}});
	t.like(file.services.migrate!['x-sidecar'], {successCodes: [2], timeout: 120_000});
});

const settings = (unit: string) => new Map(unit.split('\n').filter(line => /^\w+=/.test(line)).map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));

test('systemd: main\'s exit-code rules map to SuccessExitStatus and RestartPreventExitStatus, the unit\'s env files to EnvironmentFile', t => {
	const unit = exportSystemd(taskConfig(), {node: '/usr/bin/node', bin: '/opt/sidecar/dist/cli/sidecar.js'});
	const values = settings(unit);
	t.is(values.get('SuccessExitStatus'), '143 SIGTERM 3');
	t.is(values.get('RestartPreventExitStatus'), '64 78');
	t.deepEqual(unit.split('\n').filter(line => line.startsWith('EnvironmentFile=')), ['EnvironmentFile=/srv/shop/.env', 'EnvironmentFile=-/srv/shop/.env.local']);
	t.false(values.has('ExecStartPre') || values.has('ExecStopPost'), 'tasks run inside sidecar run, never a second time');
	t.regex(unit, /^# Tasks migrate run inside `sidecar run` before main/m);
	t.regex(unit, /^# Tasks flush run inside `sidecar run` after main has stopped, before the sidecars stop/m);
	t.regex(unit, /^# Gates db /m);
	t.is(values.get('TimeoutStartSec'), String(Math.ceil((20_000 + 10_000 + 60_000 + (120_000 * 11) + 30_000 + 5000) / 1000)));
});

test('systemd: a \'before\' task with no timeout makes start-up unbounded', t => {
	const config = taskConfig();
	config.sidecars = config.sidecars.map(spec => (spec.name === 'migrate' ? {...spec, timeout: null} : spec));
	t.is(settings(exportSystemd(config, {node: '/usr/bin/node', bin: '/opt/sidecar/dist/cli/sidecar.js'})).get('TimeoutStartSec'), 'infinity');
});

verifyTest('systemd-analyze verify accepts the unit with tasks, gates and env files', async t => {
	const directory = await mkdtemp(path.join(tmpdir(), 'sidecar-systemd-'));
	t.teardown(() => rm(directory, {recursive: true, force: true}));
	const bin = path.join(directory, 'sidecar.js');
	await writeFile(bin, '');
	const file = path.join(directory, 'shop.service');
	await writeFile(file, exportSystemd({...taskConfig(), directory}, {node: process.execPath, bin}));
	const {exitCode, stderr} = await execa(systemdAnalyze, ['verify', '--man=no', '--generators=no', file], {reject: false});
	t.is(exitCode, 0);
	t.deepEqual(stderr.split('\n').filter(line => line.includes('shop.service')), []);
});
