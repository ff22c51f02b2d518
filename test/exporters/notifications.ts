import {access, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import type {ResolvedConfig, ResolvedNotification} from '../../lib/config/types.js';
import {exportSystemd, exportSystemdFiles} from '../../lib/exporters/systemd.js';
import {ON_FAILURE_SCRIPT} from '../../lib/exporters/systemd-on-failure.js';
import {sampleConfig} from './_sample-config.js';

const systemdAnalyze = '/usr/bin/systemd-analyze';
// Without systemd-analyze the check cannot run: ava counts it as skipped.
const verifyTest = await access(systemdAnalyze).then(() => test, () => test.skip);
const command = {node: '/usr/bin/node', bin: '/opt/sidecar/dist/cli/sidecar.js'};

const hook = (owner: string | null, target: ResolvedNotification['target']): ResolvedNotification =>
	({owner, kind: 'fatal', at: owner === null ? 'on.fatal' : `sidecars.${owner}.on.fatal`, target});
const withHooks = (...notifications: ResolvedNotification[]): ResolvedConfig => sampleConfig({notifications});
const notify: ResolvedNotification['target'] = {type: 'command', command: ['/usr/local/bin/page-oncall', '--team', 'shop'], timeout: 10_000};

test('systemd: a unit-wide fatal hook adds OnFailure= naming shop-on-failure.service; a process\'s own does not', t => {
	const unit = exportSystemd(withHooks(hook(null, notify)), command);
	const [unitSection] = unit.split('[Service]');
	t.regex(unitSection!, /^OnFailure=shop-on-failure\.service$/m);
	t.regex(unitSection!, /^# .*export systemd --timers/m, 'alone, it says where the failure unit comes from');
	t.notRegex(exportSystemd(withHooks(hook('proxy', notify)), command), /OnFailure=/);
	t.notRegex(exportSystemd(sampleConfig(), command), /OnFailure=/);
});

test('systemd --timers: the failure unit is a oneshot bounded by the hook\'s timeout, running it through node', t => {
	const files = exportSystemdFiles(withHooks(hook(null, {...notify, timeout: 2500})), command);
	t.deepEqual(files.map(({name}) => name), ['shop.service', 'shop-on-failure.service']);
	const failure = files[1]!.text;
	t.regex(failure, /^Type=oneshot$/m);
	t.regex(failure, /^TimeoutStartSec=3s$/m);
	t.regex(failure, /^ExecStart=\/usr\/bin\/node -e ".*" shop command \/usr\/local\/bin\/page-oncall --team shop$/m);
	t.regex(files[0]!.text, /It is written beside this one\.\nOnFailure=shop-on-failure\.service$/m);
});

verifyTest('systemd-analyze verify accepts the service and its failure unit, for a command and for a URL', async t => {
	const url: ResolvedNotification['target'] = {type: 'url', url: 'https://hooks.example.com/x?a=1&b=%20', headers: {Authorization: 'Bearer $TOKEN'}, timeout: 10_000};
	for (const target of [notify, url]) {
		const directory = await mkdtemp(path.join(tmpdir(), 'sidecar-on-failure-'));
		t.teardown(() => rm(directory, {recursive: true, force: true}));
		const bin = path.join(directory, 'sidecar.js');
		await writeFile(bin, '');
		const files = exportSystemdFiles({...withHooks(hook(null, target)), directory}, {node: process.execPath, bin});
		await Promise.all(files.map(async ({name, text}) => writeFile(path.join(directory, name), text)));
		const {exitCode, stderr} = await execa(systemdAnalyze, ['verify', '--man=no', '--generators=no', ...files.map(({name}) => path.join(directory, name))], {reject: false});
		t.is(exitCode, 0, stderr);
		t.deepEqual(stderr.split('\n').filter(line => files.some(({name}) => line.includes(name))), [], target.type);
	}
});

// What systemd gives an OnFailure= unit (systemd.exec(5), MONITOR_*): the failed service's result and exit.
const monitor = {MONITOR_SERVICE_RESULT: 'exit-code', MONITOR_EXIT_CODE: 'exited', MONITOR_EXIT_STATUS: '70'};

test('the failure unit\'s script gives a command the unit-failed event in SIDECAR_EVENT', async t => {
	const directory = await mkdtemp(path.join(tmpdir(), 'sidecar-on-failure-'));
	t.teardown(() => rm(directory, {recursive: true, force: true}));
	const out = path.join(directory, 'event.json');
	const {exitCode} = await execa(process.execPath, ['-e', ON_FAILURE_SCRIPT, 'shop', 'command', '/bin/sh', '-c', `printf %s "$SIDECAR_EVENT" > ${out}`], {env: monitor, reject: false});
	t.is(exitCode, 0);
	const event = JSON.parse(await readFile(out, 'utf8')) as Record<string, unknown>;
	t.like(event, {kind: 'fatal', unit: 'shop', name: 'shop', event: {event: 'unit-failed', name: 'shop', code: 70, reason: 'systemd: exit-code (exited 70)'}, stderr: []});
});

test('the failure unit\'s script POSTs the event to a URL with its headers', async t => {
	const received: Array<{body: string; authorization?: string}> = [];
	const server = createServer((request, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => {
			body += chunk.toString();
		});
		request.on('end', () => {
			received.push({body, authorization: request.headers.authorization});
			response.writeHead(204).end();
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	t.teardown(() => server.close());
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	const {exitCode} = await execa(process.execPath, ['-e', ON_FAILURE_SCRIPT, 'shop', 'url', url, JSON.stringify({Authorization: 'Bearer t'})], {env: monitor, reject: false});
	t.is(exitCode, 0);
	t.is(received.length, 1);
	t.is(received[0]!.authorization, 'Bearer t');
	t.like(JSON.parse(received[0]!.body) as object, {kind: 'fatal', event: {event: 'unit-failed', code: 70}});
});
