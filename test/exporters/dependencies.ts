import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {Ajv} from 'ajv';
import addFormatsModule from 'ajv-formats';
import {Deployment} from 'kubernetes-models/apps/v1/Deployment';
import {parse} from 'yaml';
import type {ResolvedConfig} from '../../lib/config/types.js';
import {exportCompose} from '../../lib/exporters/compose.js';
import {exportKubernetes} from '../../lib/exporters/kubernetes.js';
import {exportSystemd} from '../../lib/exporters/systemd.js';
import {edge, sampleConfig, sampleImages, sampleProcess} from './_sample-config.js';

// Dependency conditions and onRestart in each export: what maps, and a line or annotation for what does not.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const composeSchemaFile = path.join(root, '..', 'shared', 'schemas', 'compose-spec.json');
const composeTest = existsSync(composeSchemaFile) ? test : test.skip;

// Main waits for secrets (ready) and proxy (started, SIGHUP on its restart); proxy for two tasks and secrets.
const withEdges = (): ResolvedConfig => {
	const config = sampleConfig();
	config.main.dependsOn = [edge('secrets'), edge('proxy', {condition: 'started', onRestart: {signal: 'SIGHUP'}})];
	config.sidecars.find(({name}) => name === 'proxy')!.dependsOn = [
		edge('migrate', {condition: 'succeeded'}), edge('seed', {condition: 'completed'}), edge('secrets', {onRestart: 'restart'}),
	];
	config.sidecars.push(
		sampleProcess('migrate', {run: 'once', restart: 'on-failure', image: 'ghcr.io/acme/shop:2.0'}),
		sampleProcess('seed', {run: 'once', restart: 'never', image: 'ghcr.io/acme/shop:2.0'}),
	);
	return config;
};

type ComposeFile = {services: Record<string, {depends_on?: Record<string, {condition: string; restart?: boolean}>}>};

test('compose maps each condition to depends_on, onRestart restart to restart: true, and says what it cannot carry', t => {
	const text = exportCompose(withEdges(), {images: sampleImages});
	const {services} = parse(text) as ComposeFile;
	t.deepEqual(services.main!.depends_on, {secrets: {condition: 'service_healthy'}, proxy: {condition: 'service_started'}}, 'main waits for its own edges only');
	t.deepEqual(services.proxy!.depends_on, {
		migrate: {condition: 'service_completed_successfully'},
		seed: {condition: 'service_completed_successfully'},
		secrets: {condition: 'service_healthy', restart: true},
	});
	t.deepEqual(text.split('\n').filter(line => line.startsWith('# Not carried over')), [
		'# Not carried over: main → proxy (started, onRestart SIGHUP): compose cannot signal a dependent.',
		'# Not carried over: proxy → seed (completed): compose waits for a successful exit only.',
		'# Not carried over: proxy → secrets (ready, onRestart restart): restart: true acts when compose restarts secrets, not after a crash.',
	]);
});

test('compose says nothing is lost when every edge is plain', t => {
	t.false(exportCompose(sampleConfig(), {images: sampleImages}).includes('Not carried over'));
});

composeTest('the compose export with every condition validates against the compose-spec schema', t => {
	const {$schema: _, ...schema} = JSON.parse(readFileSync(composeSchemaFile, 'utf8')) as Record<string, unknown>;
	const ajv = new Ajv({allErrors: true, strict: false});
	addFormatsModule.default(ajv);
	const validate = ajv.compile(schema);
	t.true(validate(parse(exportCompose(withEdges(), {images: sampleImages}))), ajv.errorsText(validate.errors));
});

test('Kubernetes records each edge beyond "ready" in a depends-on annotation, main\'s too, and validates', t => {
	const deployment = new Deployment(parse(exportKubernetes(withEdges(), {images: sampleImages})));
	t.notThrows(() => deployment.validate());
	const annotations = deployment.spec!.template.metadata!.annotations!;
	t.is(annotations['x-sidecar/main.depends-on'], 'secrets,proxy (started, onRestart SIGHUP)');
	t.is(annotations['x-sidecar/proxy.depends-on'], 'migrate (succeeded),seed (completed),secrets (ready, onRestart restart)');
	t.false('x-sidecar/secrets.depends-on' in annotations);
	t.regex(exportKubernetes(withEdges(), {images: sampleImages}), /^# conditions other than ready and onRestart are not carried; x-sidecar\/<name>\.depends-on lists them\.$/m);
});

test('systemd says the dependencies stay inside `sidecar run`, only when there is more than the default', t => {
	const unit = exportSystemd(withEdges(), {node: '/usr/bin/node', bin: '/opt/sidecar/dist/cli/sidecar.js'});
	t.true(unit.split('\n').includes('# Dependencies main → secrets, main → proxy (started, onRestart SIGHUP), proxy → migrate (succeeded), proxy → seed (completed), proxy → secrets (ready, onRestart restart) are kept inside `sidecar run`.'), unit);
	t.false(exportSystemd(sampleConfig(), {node: '/usr/bin/node', bin: '/opt/sidecar/dist/cli/sidecar.js'}).includes('# Dependencies'));
});
