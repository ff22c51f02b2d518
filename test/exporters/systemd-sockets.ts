import {access, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import type {ResolvedSocket} from '../../lib/config/types.js';
import {exportSystemd} from '../../lib/exporters/systemd.js';
import {socketFiles} from '../../lib/exporters/systemd-sockets.js';
import {sampleConfig, sampleProcess} from './_sample-config.js';

// `export systemd` with sockets (docs/sockets.md): a .socket unit per socket, named for LISTEN_FDNAMES, and Sockets=.
const systemdAnalyze = '/usr/bin/systemd-analyze';
const hasSystemdAnalyze = await access(systemdAnalyze).then(() => true, () => false);
const sockets: ResolvedSocket[] = [
	{name: 'http', backlog: 511, kind: 'tcp', host: '127.0.0.1', port: 8080},
	{name: 'admin', backlog: 64, kind: 'unix', path: '/run/shop/admin.sock', mode: 0o660},
];
const config = sampleConfig({sockets, main: sampleProcess('main', {sockets: ['http', 'admin']})});

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
