import {access, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {parse} from 'yaml';
import {healthcheckTest} from '../../lib/exporters/compose-healthcheck.js';
import {exportCompose} from '../../lib/exporters/compose.js';
import {exportKubernetes} from '../../lib/exporters/kubernetes.js';
import {exportSystemd} from '../../lib/exporters/systemd.js';
import type {ResolvedProbe} from '../../lib/config/types.js';
import {composeInterpolate, hostileStrings, kubernetesExpand, systemdExecArgv} from './_interpolation.js';
import {sampleConfig, sampleImages} from './_sample-config.js';

// Before any test is declared: ava wants them declared synchronously after the file's top-level awaits.
const systemdAnalyze = '/usr/bin/systemd-analyze';
const hasSystemdAnalyze = await access(systemdAnalyze).then(() => true, () => false);

// Every variable a hostile string names is set, so an unescaped reference shows as a changed string.
const environment = {VAR: 'expanded', X: 'expanded', cmd: 'expanded', PWD: '/expanded', HOME: '/root'};
const envOf = (strings: readonly string[]) => Object.fromEntries(strings.map((value, index) => [`E${index}`, value]));

// Main runs the corpus as its command with the corpus as env values; proxy's readiness and liveness run it as exec probes.
const hostileConfig = () => {
	const config = sampleConfig({file: null});
	const exec: ResolvedProbe = {kind: 'exec', command: ['/bin/check', ...hostileStrings]};
	config.main.command = ['/bin/app', ...hostileStrings];
	config.main.env = envOf(hostileStrings);
	const proxy = config.sidecars.find(sidecar => sidecar.name === 'proxy')!;
	proxy.readiness = {...proxy.readiness!, probe: exec};
	proxy.liveness = {...proxy.liveness!, probe: exec};
	return config;
};

test('the readers are live: each target changes unescaped strings and keeps escaped ones', t => {
	t.is(composeInterpolate('-c "$PWD/nginx.conf" ${X:-y} ${NOPE:-y} $(cmd) $$VAR', environment), '-c "/expanded/nginx.conf" expanded y $(cmd) $VAR');
	t.throws(() => composeInterpolate('${X', environment), {message: /invalid interpolation/});
	t.is(kubernetesExpand('$(VAR) $(NOPE) $$(VAR) $VAR $( $', environment), 'expanded $(NOPE) $(VAR) $VAR $( $');
	t.deepEqual(systemdExecArgv('/bin/a "b c" \'d e\' $$VAR $VAR ${X} %%i %i "\\n\\x41\\"" x\\ty', environment),
		['/bin/a', 'b c', 'd e', '$VAR', 'expanded', 'expanded', '%i', '<%i>', '\nA"', 'x\ty']);
});

test('compose: every hostile string reaches the container as configured after interpolation', t => {
	const config = hostileConfig();
	const file = parse(exportCompose(config, {images: sampleImages})) as {services: Record<string, {command: string[]; environment: Record<string, string>; healthcheck: {test: string[]}}>};
	const interpolate = (value: unknown): unknown => typeof value === 'string'
		? composeInterpolate(value, environment)
		: Array.isArray(value) ? value.map(item => interpolate(item))
			: typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolate(item)])) : value;
	// Compose interpolates every value in the file, x-sidecar included: none may fail or change.
	const {services} = interpolate(file) as typeof file;
	t.deepEqual(services.main!.command, config.main.command);
	t.deepEqual(services.main!.environment, {...config.main.env, SIDECAR_NAME: 'main'});
	t.deepEqual(services.proxy!.healthcheck.test, healthcheckTest(config.sidecars[0]!.readiness!.probe));
	t.deepEqual((services.proxy as unknown as {'x-sidecar': {liveness: {probe: unknown}}})['x-sidecar'].liveness.probe, config.sidecars[0]!.liveness!.probe);
});

test('compose: an http healthcheck URL with a `$` survives interpolation', t => {
	const config = sampleConfig();
	const probe: ResolvedProbe = {kind: 'http', url: 'http://127.0.0.1:8080/health?token=$TOKEN&x=${X}', headers: {}, insecure: false, status: [200, 399]};
	config.main.readiness = {...config.main.readiness!, probe};
	const file = parse(exportCompose(config, {images: sampleImages})) as {services: {main: {healthcheck: {test: string[]}}}};
	t.deepEqual(file.services.main.healthcheck.test.map(part => composeInterpolate(part, environment)), healthcheckTest(probe));
});

test('kubernetes: command and env values survive $(VAR) expansion; probes, which are not expanded, stay as written', t => {
	const config = hostileConfig();
	type Container = {name: string; command: string[]; env: Array<{name: string; value: string}>; startupProbe?: {exec: {command: string[]}}; livenessProbe?: {exec: {command: string[]}}};
	const manifest = parse(exportKubernetes(config, {images: sampleImages})) as {spec: {template: {spec: {initContainers: Container[]; containers: Container[]}}}};
	const {initContainers, containers} = manifest.spec.template.spec;
	const main = containers[0]!;
	// Every env name of the container is defined too, so `$(E1)` would expand if it were left unescaped.
	const defined = {...environment, ...Object.fromEntries(main.env.map(({name, value}) => [name, value]))};
	t.deepEqual(main.command.map(part => kubernetesExpand(part, defined)), config.main.command);
	t.deepEqual(main.env.map(({name, value}) => [name, kubernetesExpand(value, defined)]), Object.entries({...config.main.env, SIDECAR_NAME: 'main'}));
	const proxy = initContainers.find(container => container.name === 'proxy')!;
	t.deepEqual(proxy.startupProbe!.exec.command, ['/bin/check', ...hostileStrings]);
	t.deepEqual(proxy.livenessProbe!.exec.command, ['/bin/check', ...hostileStrings]);
});

const execStart = (unit: string): string => unit.split('\n').find(line => line.startsWith('ExecStart='))!.slice('ExecStart='.length);

test('systemd: every hostile argument reaches the process as configured', t => {
	const config = hostileConfig();
	const unit = exportSystemd(config, {node: '/usr/bin/node', bin: '/opt/sidecar/dist/cli/sidecar.js'});
	t.deepEqual(systemdExecArgv(execStart(unit), environment), ['/usr/bin/node', '/opt/sidecar/dist/cli/sidecar.js', 'run', '--', ...config.main.command]);
});

// systemd's own parser: a unit it cannot read line by line, or an escape it rejects, is a complaint naming the unit.
(hasSystemdAnalyze ? test : test.skip)('systemd: systemd-analyze verify accepts the unit with every hostile argument', async t => {
	const directory = await mkdtemp(path.join(tmpdir(), 'sidecar-escaping-'));
	t.teardown(() => rm(directory, {recursive: true, force: true}));
	const bin = path.join(directory, 'sidecar.js');
	await writeFile(bin, '');
	const unit = path.join(directory, 'hostile.service');
	await writeFile(unit, exportSystemd(hostileConfig(), {node: process.execPath, bin}));
	const {stderr} = await execa(systemdAnalyze, ['verify', '--man=no', '--generators=no', unit], {reject: false});
	t.deepEqual(stderr.split('\n').filter(line => line.includes('hostile.service')), []);
});
