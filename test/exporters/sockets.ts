import {access, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {parse, parseAllDocuments} from 'yaml';
import type {ResolvedSocket} from '../../lib/config/types.js';
import {exportCompose} from '../../lib/exporters/compose.js';
import {exportKubernetes} from '../../lib/exporters/kubernetes.js';
import {exportSystemd} from '../../lib/exporters/systemd.js';
import {socketFiles} from '../../lib/exporters/systemd-sockets.js';
import {sampleConfig, sampleImages, sampleProcess} from './_sample-config.js';

// Exports of a unit with sockets (docs/sockets.md): systemd's .socket units and Sockets=; kubernetes and compose ports.
const systemdAnalyze = '/usr/bin/systemd-analyze';
const hasSystemdAnalyze = await access(systemdAnalyze).then(() => true, () => false);
const sockets: ResolvedSocket[] = [
	{name: 'http', backlog: 511, kind: 'tcp', host: '127.0.0.1', port: 8080},
	{name: 'admin', backlog: 64, kind: 'unix', path: '/run/shop/admin.sock', mode: 0o660},
];
const config = sampleConfig({sockets, main: sampleProcess('main', {image: 'ghcr.io/acme/shop:2.0', sockets: ['http', 'admin']})});

test('each socket becomes a .socket unit that names its fd and activates the service', t => {
	const files = socketFiles(config);
	t.deepEqual(files.map(({name}) => name), ['shop-http.socket', 'shop-admin.socket']);
	t.regex(files[0]!.text, /^ListenStream=127\.0\.0\.1:8080$/m);
	t.regex(files[0]!.text, /^FileDescriptorName=http$/m);
	t.regex(files[0]!.text, /^Service=shop\.service$/m);
	t.regex(files[1]!.text, /^ListenStream=\/run\/shop\/admin\.sock$/m);
	t.regex(files[1]!.text, /^SocketMode=0660$/m);
	t.regex(files[1]!.text, /^Backlog=64$/m);
	t.regex(exportSystemd(config, {node: '/usr/bin/node', bin: '/opt/sidecar.js'}), /^Sockets=shop-http\.socket shop-admin\.socket$/m);
});

test('a unit without sockets gets no .socket unit and no Sockets= line', t => {
	t.deepEqual(socketFiles(sampleConfig()), []);
	t.notRegex(exportSystemd(sampleConfig(), {node: '/usr/bin/node', bin: '/opt/sidecar.js'}), /^Sockets=/m);
});

(hasSystemdAnalyze ? test : test.skip)('systemd-analyze verify accepts the service and its .socket units', async t => {
	const directory = await mkdtemp(path.join(tmpdir(), 'sidecar-sockets-'));
	t.teardown(() => rm(directory, {recursive: true, force: true}));
	const bin = path.join(directory, 'sidecar.js');
	await writeFile(bin, '');
	await writeFile(path.join(directory, 'shop.service'), exportSystemd(config, {node: process.execPath, bin}));
	const units = [];
	for (const {name, text} of socketFiles(config)) {
		units.push(path.join(directory, name));
		await writeFile(path.join(directory, name), text);
	}

	const {stderr} = await execa(systemdAnalyze, ['verify', '--man=no', '--generators=no', path.join(directory, 'shop.service'), ...units], {reject: false, cwd: directory});
	t.deepEqual(stderr.split('\n').filter(line => line.includes('shop')), []);
});

test('kubernetes: a TCP socket is its process\'s containerPort, and the header says what is approximated', t => {
	const text = exportKubernetes(config, {images: sampleImages});
	const manifest = parseAllDocuments(text)[0]!.toJS() as {spec: {template: {spec: {containers: Array<{ports?: unknown}>}}}};
	t.deepEqual(manifest.spec.template.spec.containers[0]!.ports, [{containerPort: 8080, protocol: 'TCP'}]);
	t.regex(text, /^# Not carried over: sockets \(http, admin\): nothing holds them across a restart/m);
});

test('compose: a TCP socket is published on its host and port; a unix socket has no form', t => {
	const text = exportCompose(config, {images: sampleImages});
	const file = parse(text) as {services: {main: {ports?: string[]}}};
	t.deepEqual(file.services.main.ports, ['127.0.0.1:8080:8080']);
	t.regex(text, /a unix socket has no form/);
});
