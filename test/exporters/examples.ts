import {existsSync, readdirSync} from 'node:fs';
import {mkdtemp, readFile, rm, writeFile, access} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {Ajv} from 'ajv';
import addFormatsModule from 'ajv-formats';
import {execa} from 'execa';
import {Deployment} from 'kubernetes-models/apps/v1/Deployment';
import {Pod} from 'kubernetes-models/v1/Pod';
import {parse} from 'yaml';
import {readConfig} from '../../lib/cli/config-input.js';
import type {ResolvedConfig} from '../../lib/config/types.js';
import {exportCompose} from '../../lib/exporters/compose.js';
import {exportKubernetes} from '../../lib/exporters/kubernetes.js';
import {exportSystemd} from '../../lib/exporters/systemd.js';
import {composeInterpolate, kubernetesExpand} from './_interpolation.js';
import {kubernetesNameProblems} from './_kubernetes-names.js';
import {sampleConfig, sampleImages} from './_sample-config.js';

// Every exported file of every example passes its target's validator: the official compose-spec schema (ajv),
// Kubernetes' schema (kubernetes-models) and the API server's name rules, and systemd-analyze verify.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const examples = readdirSync(path.join(root, 'examples')).filter(name => existsSync(path.join(root, 'examples', name, 'sidecar.config.ts')));

// The compose-spec schema (Apache-2.0) is kept beside the repository, not in it: ../shared/schemas in CI.
const composeSchemaFile = path.join(root, '..', 'shared', 'schemas', 'compose-spec.json');
const composeTest = existsSync(composeSchemaFile) ? test : test.skip;
const systemdAnalyze = '/usr/bin/systemd-analyze';
const systemdTest = await access(systemdAnalyze).then(() => test, () => test.skip);

// ajv-formats is CommonJS: under NodeNext its plugin is the default import's `default`.
const addFormats = addFormatsModule.default;

type Container = {name: string; command?: string[]};

const loadExample = async (name: string): Promise<ResolvedConfig> => readConfig(undefined, path.join(root, 'examples', name));

// The examples run local programs: every process gets an image named after it.
const imagesFor = (config: ResolvedConfig): Record<string, string> =>
	Object.fromEntries([config.main, ...config.sidecars].map(({name}) => [name, `example/${name}:1`]));

test('every example is found', t => {
	t.true(examples.length >= 6, examples.join(', '));
});

composeTest('the compose export of every example validates against the compose-spec schema', async t => {
	const {$schema: _, ...schema} = JSON.parse(await readFile(composeSchemaFile, 'utf8')) as Record<string, unknown>;
	const ajv = new Ajv({allErrors: true, strict: false});
	addFormats(ajv);
	const validate = ajv.compile(schema);
	t.false(validate({services: {main: {image: 'x', healthcheck: {start_intervall: '1s'}}}}), 'the schema check is live');
	for (const name of examples) {
		const config = await loadExample(name);
		const file = parse(exportCompose(config, {images: imagesFor(config)})) as {services: Record<string, {command?: string[]}>};
		t.true(validate(file), `${name}: ${ajv.errorsText(validate.errors)}`);
		// real-world's nginx runs `-c "$RUN_DIR/nginx.conf"`: compose must not interpolate it away.
		for (const spec of [config.main, ...config.sidecars].filter(({command}) => command.length > 0)) {
			t.deepEqual(file.services[spec.name]?.command?.map(part => composeInterpolate(part, {RUN_DIR: '', PWD: ''})), spec.command, `${name}: ${spec.name}`);
		}
	}

	// Optional env files ({path, required: false}) and every healthcheck kind, beyond what the examples use.
	const sample = sampleConfig();
	sample.main.envFiles = [{path: '/srv/shop/.env', optional: false}, {path: '/srv/shop/.env.local', optional: true}];
	t.true(validate(parse(exportCompose(sample, {images: sampleImages}))), ajv.errorsText(validate.errors));
});

test('the Kubernetes export of every example passes the schema and the API server\'s name rules', async t => {
	for (const name of examples) {
		const config = await loadExample(name);
		const images = imagesFor(config);
		const deployment = parse(exportKubernetes(config, {images})) as never;
		const pod = parse(exportKubernetes(config, {images, kind: 'pod'})) as never;
		t.notThrows(() => new Deployment(deployment).validate(), name);
		t.notThrows(() => new Pod(pod).validate(), name);
		t.deepEqual([...kubernetesNameProblems(deployment), ...kubernetesNameProblems(pod)], [], name);
		// Kubernetes expands `$(VAR)` in commands: each must reach its container as configured.
		const {initContainers = [], containers} = (deployment as {spec: {template: {spec: {initContainers?: Container[]; containers: Container[]}}}}).spec.template.spec;
		for (const {name: container, command = []} of [...initContainers, ...containers]) {
			const spec = [config.main, ...config.sidecars].find(process => process.name === container)!;
			t.deepEqual(command.map(part => kubernetesExpand(part, {RUN_DIR: ''})), spec.command, `${name}: ${container}`);
		}
	}
});

systemdTest('the systemd unit of every example passes systemd-analyze verify', async t => {
	const directory = await mkdtemp(path.join(tmpdir(), 'sidecar-examples-'));
	t.teardown(() => rm(directory, {recursive: true, force: true}));
	const bin = path.join(directory, 'sidecar.js');
	await writeFile(bin, '');
	for (const name of examples) {
		const unit = path.join(directory, `${name}.service`);
		await writeFile(unit, exportSystemd(await loadExample(name), {node: process.execPath, bin}));
		const {exitCode, stderr} = await execa(systemdAnalyze, ['verify', '--man=no', '--generators=no', unit], {reject: false});
		t.is(exitCode, 0, name);
		t.deepEqual(stderr.split('\n').filter(line => line.includes(`${name}.service`)), [], name);
	}
});
