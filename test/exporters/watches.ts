import {access, mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import {existsSync, readFileSync} from 'node:fs';
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
import {WATCH_DEFAULT_IGNORE} from '../../lib/config/resolve-watch.js';
import type {ResolvedConfig, ResolvedWatch} from '../../lib/config/types.js';
import {EXIT, SidecarError} from '../../lib/errors.js';
import {exportCompose} from '../../lib/exporters/compose.js';
import {exportKubernetes} from '../../lib/exporters/kubernetes.js';
import {exportSystemd, exportSystemdFiles} from '../../lib/exporters/systemd.js';
import {fixture} from '../helpers/fixtures.js';
import {startUnit} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';
import {sampleConfig, sampleProcess} from './_sample-config.js';

const systemdAnalyze = '/usr/bin/systemd-analyze';
// Without systemd-analyze the checks against systemd cannot run: ava counts them as skipped.
const systemdTest = await access(systemdAnalyze).then(() => test, () => test.skip);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const composeSchemaFile = path.join(root, '..', 'shared', 'schemas', 'compose-spec.json');
const composeTest = existsSync(composeSchemaFile) ? test : test.skip;
const cli = path.join(root, 'dist', 'cli', 'sidecar.js');

const watch = (more: Partial<ResolvedWatch>): ResolvedWatch => ({
	paths: ['/srv/shop/src'],
	ignore: [...WATCH_DEFAULT_IGNORE],
	include: [],
	debounce: 300,
	action: {type: 'restart'},
	cascade: false,
	when: 'dev',
	poll: null,
	maxDirs: 8192,
	...more,
});

// Through the resolver, as users write it: main restarted on a change to src (when: 'dev' by default), nginx validated
// then reloaded on a change to its config (when: 'always' by default for a signal; SIGHUP to the process), certs
// signalled as a group without debounce, api restarted on a change to one file (when: 'always', cascade, poll), and a
// replicated worker restarted as a group.
function watchedConfig(directory = '/srv/shop', file: string | null = `${directory}/sidecar.config.json`): ResolvedConfig {
	return resolveConfig({
		name: 'shop',
		main: {command: ['node', 'server.js'], image: 'ghcr.io/acme/shop:2.0', watch: {paths: ['src'], ignore: ['src/gen/**'], include: ['*.ts']}},
		sidecars: {
			nginx: {command: ['nginx', '-g', 'daemon off;'], image: 'nginx:1.27', watch: {paths: ['/etc/nginx', '/etc/nginx/conf.d'], action: {exec: 'nginx -t', timeout: '20s', then: {signal: 'SIGHUP'}}}},
			certs: {command: ['certs'], image: 'certs:1', watch: {paths: ['/etc/ssl/private'], debounce: 0, action: {signal: 'SIGUSR1', to: 'group'}}},
			api: {command: ['api'], image: 'api:1', stopTimeout: '4s', watch: {paths: ['api.yaml'], when: 'always', cascade: true, poll: '2s'}},
			worker: {command: ['worker'], image: 'worker:1', replicas: 2, watch: {paths: ['/srv/jobs'], when: 'always', debounce: '2s'}},
		},
	}, directory, file);
}

const command = {node: '/usr/bin/node', bin: '/opt/sidecar/dist/cli/sidecar.js'};
const settings = (text: string, key: string): string[] => text.split('\n').filter(line => line.startsWith(`${key}=`)).map(line => line.slice(key.length + 1));
const filesOf = (config: ResolvedConfig) => new Map(exportSystemdFiles(config, command).map(({name, text}) => [name, text]));

test('--timers: a .path unit and a oneshot .service per \'always\' watch; a \'dev\' watch gets none', t => {
	const names = exportSystemdFiles(watchedConfig(), command).map(({name}) => name);
	t.deepEqual(names, ['shop.service', 'shop-nginx-watch.path', 'shop-nginx-watch.service', 'shop-certs-watch.path', 'shop-certs-watch.service', 'shop-api-watch.path', 'shop-api-watch.service', 'shop-worker-watch.path', 'shop-worker-watch.service']);
});

test('the .path unit: PathChanged= per path, its oneshot, the unit\'s lifetime, the loop guard, and a comment that it is neither recursive nor filtered', t => {
	const nginx = filesOf(watchedConfig()).get('shop-nginx-watch.path')!;
	t.deepEqual(settings(nginx, 'PathChanged'), ['/etc/nginx', '/etc/nginx/conf.d']);
	t.deepEqual(settings(nginx, 'Unit'), ['shop-nginx-watch.service']);
	t.deepEqual([settings(nginx, 'PartOf'), settings(nginx, 'After'), settings(nginx, 'WantedBy')], [['shop.service'], ['shop.service'], ['shop.service']]);
	t.deepEqual([settings(nginx, 'TriggerLimitIntervalSec'), settings(nginx, 'TriggerLimitBurst')], [['10s'], ['5']]);
	t.regex(nginx, /^# PathChanged= is not what `sidecar run` watches: it is not recursive/m);
	t.regex(nginx, /no\n# patterns: ignore and include are not applied/);
	const worker = filesOf(watchedConfig()).get('shop-worker-watch.path')!;
	t.deepEqual(settings(worker, 'TriggerLimitIntervalSec'), ['20s'], '10 debounces of 2 s');
	t.regex(filesOf(watchedConfig()).get('shop-api-watch.path')!, /^# poll \(2000 ms\) is not carried: systemd watches with inotify only\.$/m);
});

test('the oneshot: the debounce as a wait first, the step then the signal, each an ExecStart= of its own', t => {
	const nginx = filesOf(watchedConfig()).get('shop-nginx-watch.service')!;
	t.deepEqual(settings(nginx, 'Type'), ['oneshot']);
	t.deepEqual(settings(nginx, 'ExecStartPre'), ['/bin/sleep 0.3']);
	t.deepEqual(settings(nginx, 'ExecStart'), ['/bin/sh -c "nginx -t"', '/usr/bin/node /opt/sidecar/dist/cli/sidecar.js signal nginx SIGHUP --name shop']);
	t.deepEqual(settings(nginx, 'WorkingDirectory'), ['/srv/shop']);
	t.deepEqual([settings(nginx, 'Requisite'), settings(nginx, 'After')], [['shop.service'], ['shop.service']]);
	t.regex(nginx, /A failed step ends the run: the next ExecStart= does not run/);
	t.regex(nginx, /^# `sidecar signal` sends SIGHUP to nginx's process group; the supervisor's watch sends it to the process only\.$/m);
	t.deepEqual(settings(nginx, 'TimeoutStartSec'), ['26'], '0.3 s + the step\'s 20 s + 5 s, rounded up');
	const certs = filesOf(watchedConfig()).get('shop-certs-watch.service')!;
	t.deepEqual(settings(certs, 'ExecStartPre'), [], 'no debounce, no wait');
	t.deepEqual(settings(certs, 'ExecStart'), ['/usr/bin/node /opt/sidecar/dist/cli/sidecar.js signal certs SIGUSR1 --name shop']);
	t.notRegex(certs, /process group; the supervisor/);
});

test('the oneshot of a restart: `sidecar restart NAME`, main by --main, a group by its name, the timeout covering each stop and start', t => {
	const files = filesOf(watchedConfig());
	const api = files.get('shop-api-watch.service')!;
	t.deepEqual(settings(api, 'ExecStart'), ['/usr/bin/node /opt/sidecar/dist/cli/sidecar.js restart api --name shop']);
	t.deepEqual(settings(api, 'TimeoutStartSec'), ['11'], '0.3 s + stop 4 s + 1 s alive + 5 s');
	const worker = files.get('shop-worker-watch.service')!;
	t.deepEqual(settings(worker, 'ExecStart'), ['/usr/bin/node /opt/sidecar/dist/cli/sidecar.js restart worker --name shop']);
	t.deepEqual(settings(worker, 'TimeoutStartSec'), ['29'], '2 s + 2 × (10 s + 1 s) + 5 s');
	const config = watchedConfig();
	config.main.watch = watch({when: 'always'});
	t.deepEqual(settings(filesOf(config).get('shop-main-watch.service')!, 'ExecStart'), ['/usr/bin/node /opt/sidecar/dist/cli/sidecar.js restart --main --name shop']);
});

test('a step given as a relative path runs from the process\'s directory; a bare name is left to systemd\'s PATH', t => {
	const config = sampleConfig();
	const step = (file: string) => watch({when: 'always', action: {type: 'exec', command: [file, '--check'], timeout: 1000, then: {type: 'restart'}}});
	config.sidecars.push(sampleProcess('a', {cwd: '/srv/shop/a', watch: step('./check.sh')}), sampleProcess('b', {watch: step('nginx')}));
	const files = filesOf(config);
	t.is(settings(files.get('shop-a-watch.service')!, 'ExecStart')[0], '/srv/shop/a/check.sh --check');
	t.is(settings(files.get('shop-b-watch.service')!, 'ExecStart')[0], 'nginx --check');
});

test('the service names which watches are .path units, which are not exported (\'dev\'), and what is lost (cascade)', t => {
	const unit = filesOf(watchedConfig()).get('shop.service')!;
	t.regex(unit, /^# Watches \(when: 'always'\) of nginx, certs, api, worker are acted on by their \.path units \(PathChanged=: not recursive, no ignore or include patterns\)\.$/m);
	t.regex(unit, /^# Watches \(when: 'dev'\) of main are not exported: they act only under `sidecar run --watch`\.$/m);
	t.regex(unit, /^# api's watch has cascade: its \.path unit restarts no dependents\.$/m);
	t.regex(unit, /^ExecStart=\S+ \S+ run --no-watch --config /m, 'the supervisor keeps no watch of its own beside the .path units');
	const plain = exportSystemd(watchedConfig(), command);
	t.regex(plain, /^ExecStart=\S+ \S+ run --config /m, 'without --timers the supervisor keeps its watches');
	t.regex(plain, /^# Watches \(when: 'always'\) of nginx, certs, api, worker are kept by `sidecar run` \(`sidecar export systemd --timers` writes them as \.path units\)\.$/m);
	t.regex(plain, /^# Watches \(when: 'dev'\) of main are not exported/m);
});

test('two files of one name are refused, naming the file', t => {
	const config = sampleConfig();
	config.sidecars.push(sampleProcess('web', {watch: watch({when: 'always'})}), sampleProcess('web-watch', {run: 'once', schedule: {cron: '0 3 * * *', every: null, timezone: 'UTC', jitter: 0, overlap: 'skip', catchUp: null, runOnStart: false, failureThreshold: 3}}));
	const error = t.throws(() => exportSystemdFiles(config, command), {instanceOf: SidecarError});
	t.is(error!.exitCode, EXIT.usage);
	t.is(error!.message, 'unable to export systemd --timers: two files would be named shop-web-watch.service; rename one of the processes');
});

test('a watched path a unit file line cannot hold is refused, naming the field', t => {
	const config = sampleConfig();
	config.sidecars.push(sampleProcess('odd', {watch: watch({when: 'always', paths: ['/srv/a\nb']})}));
	const error = t.throws(() => exportSystemdFiles(config, command), {instanceOf: SidecarError});
	t.is(error!.exitCode, EXIT.usage);
	t.regex(error!.message, /^unable to export sidecars\.odd\.watch\.paths: "\/srv\/a\\nb" has a control character/);
});

systemdTest('systemd-analyze verify accepts every file of --timers with watches', async t => {
	const directory = await mkdtemp(path.join(tmpdir(), 'sidecar-paths-'));
	t.teardown(() => rm(directory, {recursive: true, force: true}));
	const bin = path.join(directory, 'sidecar.js');
	await writeFile(bin, '');
	const files = exportSystemdFiles(watchedConfig(directory, null), {node: process.execPath, bin});
	await Promise.all(files.map(async ({name, text}) => writeFile(path.join(directory, name), text)));
	const {exitCode, stderr} = await execa(systemdAnalyze, ['verify', '--man=no', '--generators=no', ...files.map(({name}) => path.join(directory, name))], {reject: false});
	t.is(exitCode, 0, stderr);
	t.deepEqual(stderr.split('\n').filter(line => files.some(({name}) => line.includes(name))), []);
});

systemdTest('the verify check is live for .path units: it reports a relative PathChanged=', async t => {
	const directory = await mkdtemp(path.join(tmpdir(), 'sidecar-paths-'));
	t.teardown(() => rm(directory, {recursive: true, force: true}));
	const files = exportSystemdFiles(watchedConfig(directory, null), {node: process.execPath, bin: process.execPath});
	await Promise.all(files.map(async ({name, text}) => writeFile(path.join(directory, name), text.replace('PathChanged=/etc/nginx\n', 'PathChanged=etc/nginx\n'))));
	const {stderr} = await execa(systemdAnalyze, ['verify', '--man=no', '--generators=no', path.join(directory, 'shop-nginx-watch.path')], {reject: false});
	t.regex(stderr, /PathChanged= path is not absolute, ignoring: etc\/nginx/);
});

test('compose: a restart watch is develop.watch (action: restart) per path, relative to the config\'s directory, with its patterns', t => {
	const file = parse(exportCompose(watchedConfig(), {})) as {services: Record<string, {develop?: unknown; 'x-sidecar'?: {watch?: unknown}}>};
	t.deepEqual(file.services.main!.develop, {
		watch: [{
			path: './src',
			action: 'restart',
			ignore: [...WATCH_DEFAULT_IGNORE.map(pattern => `**/${pattern}`), 'src/gen/**'],
			include: ['**/*.ts'],
		}],
	});
	t.deepEqual(file.services.api!.develop, {watch: [{path: './api.yaml', action: 'restart', ignore: WATCH_DEFAULT_IGNORE.map(pattern => `**/${pattern}`)}]});
	t.is((file.services.worker!.develop as {watch: Array<{path: string}>}).watch[0]!.path, '/srv/jobs', 'outside the directory: absolute');
	t.is(file.services.nginx!.develop, undefined);
	t.is(file.services.certs!.develop, undefined);
	t.like(file.services.nginx!['x-sidecar']!.watch, {paths: ['/etc/nginx', '/etc/nginx/conf.d'], action: {type: 'exec', command: ['/bin/sh', '-c', 'nginx -t']}});
	t.like(file.services.certs!['x-sidecar']!.watch, {action: {type: 'signal', signal: 'SIGUSR1'}});
	t.is(file.services.main!['x-sidecar']?.watch, undefined, 'carried: not repeated');
});

test('compose: a signal, a step, when: \'always\', cascade and poll are said in the output', t => {
	const notes = exportCompose(watchedConfig(), {}).split('\n').filter(line => line.startsWith('# Not carried over: ') && line.includes('watch'));
	const has = (pattern: RegExp) => t.true(notes.some(line => pattern.test(line)), `${pattern.source}\n${notes.join('\n')}`);
	has(/^# Not carried over: nginx's watch of \/etc\/nginx, \/etc\/nginx\/conf\.d \(exec `nginx -t`, then SIGHUP to its process, when: 'always'\): compose has no step before a restart .* no develop\.watch is written; x-sidecar\.watch records it\.$/);
	has(/^# Not carried over: certs's watch of \/etc\/ssl\/private \(SIGUSR1 to its process group, when: 'always'\): compose watch restarts, rebuilds or syncs and sends no signal/);
	has(/^# Not carried over: main's watch of \/srv\/shop\/src \(restart, when: 'dev'\): carried as develop\.watch, which acts only under `docker compose watch` \(or `up --watch`\), and the restarted container sees the change only through a bind mount/);
	has(/^# Not carried over: api's watch is when: 'always': compose watches in watch mode only, never in a plain `up`\.$/);
	has(/^# Not carried over: api's watch has cascade: compose restarts no dependents\.$/);
	has(/^# Not carried over: api's watch polls every 2000 ms/);
});

composeTest('compose: the export with watches validates against the compose-spec schema', t => {
	const {$schema: _, ...schema} = JSON.parse(readFileSync(composeSchemaFile, 'utf8')) as Record<string, unknown>;
	const ajv = new Ajv({allErrors: true, strict: false});
	addFormatsModule.default(ajv);
	const validate = ajv.compile(schema);
	t.true(validate(parse(exportCompose(watchedConfig(), {}))), JSON.stringify(validate.errors));
});

test('kubernetes: an x-sidecar/NAME.watch annotation per watched process saying it is not carried, valid to kubernetes-models', t => {
	const text = exportKubernetes(watchedConfig(), {});
	const deployment = new Deployment(parse(text.slice(text.indexOf('apiVersion:'))));
	t.notThrows(() => deployment.validate());
	const annotations = deployment.spec!.template.metadata!.annotations!;
	const watchKeys = Object.keys(annotations).filter(key => key.endsWith('.watch'));
	t.deepEqual(watchKeys, ['x-sidecar/main.watch', 'x-sidecar/nginx.watch', 'x-sidecar/certs.watch', 'x-sidecar/api.watch', 'x-sidecar/worker-0.watch', 'x-sidecar/worker-1.watch']);
	t.true(watchKeys.every(key => key.length - 'x-sidecar/'.length <= 63));
	const nginx = JSON.parse(annotations['x-sidecar/nginx.watch']!) as Record<string, unknown>;
	t.regex(nginx.notCarried as string, /^Kubernetes has no file watch; a reloader .* is the usual answer$/);
	t.like(nginx, {paths: ['/etc/nginx', '/etc/nginx/conf.d'], when: 'always', action: {type: 'exec', then: {type: 'signal', signal: 'SIGHUP'}}});
});

test('kubernetes: each watch is said in the output, with the reloader as the usual answer', t => {
	const notes = exportKubernetes(watchedConfig(), {}).split('\n').filter(line => line.startsWith('# Not carried over: '));
	t.deepEqual(notes.map(line => line.slice('# Not carried over: '.length, line.indexOf(' ('))), ['main\'s watch of /srv/shop/src', 'nginx\'s watch of /etc/nginx, /etc/nginx/conf.d', 'certs\'s watch of /etc/ssl/private', 'api\'s watch of /srv/shop/api.yaml', 'worker\'s watch of /srv/jobs']);
	t.true(notes.every(line => line.endsWith('is the usual answer; x-sidecar/<process>.watch records it.')), notes.join('\n'));
});

// The command itself: the .path files through `--out`, and a directory that cannot be written.
test('sidecar export systemd --timers --out writes the watch units; an --out that cannot be made is one error line, exit 74', async t => {
	const directory = await mkdtemp(path.join(tmpdir(), 'sidecar-paths-cli-'));
	t.teardown(() => rm(directory, {recursive: true, force: true}));
	const configFile = path.join(directory, 'sidecar.config.json');
	await writeFile(configFile, JSON.stringify({name: 'shop', main: {command: ['node', 'server.js']}, sidecars: {nginx: {command: ['nginx'], watch: {paths: ['/etc/nginx'], action: {exec: 'nginx -t', then: {signal: 'SIGHUP'}}}}}}));
	const out = path.join(directory, 'units');
	const written = await execa(process.execPath, [cli, 'export', 'systemd', '--timers', '--out', out, '--config', configFile], {cwd: directory, reject: false});
	t.is(written.exitCode, 0, written.stderr);
	t.deepEqual((await readdir(out)).sort(), ['shop-nginx-watch.path', 'shop-nginx-watch.service', 'shop.service']);
	const blocked = path.join(directory, 'a-file');
	await writeFile(blocked, '');
	const failed = await execa(process.execPath, [cli, 'export', 'systemd', '--timers', '--out', path.join(blocked, 'units'), '--config', configFile], {cwd: directory, reject: false});
	t.is(failed.exitCode, EXIT.io);
	t.is(failed.stderr.trim().split('\n').length, 1, failed.stderr);
	t.regex(failed.stderr, /unable to write .*a-file\/units: ENOTDIR \(not a directory\)$/);
});

// The exported command lines, run against a real unit in the order systemd runs a oneshot's lines (ExecStartPre=,
// then each ExecStart=, stopping at the first that fails): the signal reaches the sidecar, the restart replaces main.
test('the commands of the watch units work on a running unit: step then signal, and restart --main', async t => {
	const unit = await startUnit(t, {
		main: {command: fixture('forever.js'), watch: {paths: ['src'], when: 'always'}},
		sidecars: {hup: {command: fixture('print-signals.js'), watch: {paths: ['conf'], action: {exec: 'test -d .', then: {signal: 'SIGHUP'}}}}},
	}, {json: true});
	const exported = await unit.cli(['export', 'systemd', '--timers']);
	t.is(exported.exitCode, 0, exported.stderr);
	const files = new Map(exported.stdout.split(/^# FILE: /m).slice(1).map(part => [part.slice(0, part.indexOf('\n')), part.slice(part.indexOf('\n') + 1)]));
	const runOneshot = async (file: string) => {
		const text = files.get(file)!;
		for (const line of [...settings(text, 'ExecStartPre'), ...settings(text, 'ExecStart')]) {
			// The argument grammar the exporter writes: bare words, or double-quoted with `\\` and `\"` escaped.
			const [binary, ...args] = [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map(([, quoted, bare]) => bare ?? quoted!.replaceAll(/\\(.)/g, '$1'));
			// eslint-disable-next-line no-await-in-loop -- in order, as systemd runs them
			const result = await execa(binary!, args, {cwd: settings(text, 'WorkingDirectory')[0] ?? unit.cwd, env: unit.env, reject: false});
			if (result.exitCode !== 0) {
				return result;
			}
		}

		return undefined;
	};

	await waitFor(() => unit.lines('hup').some(line => line.startsWith('hup listening')), 20_000, 'hup to start');
	t.is(await runOneshot(`${unit.unit}-hup-watch.service`), undefined);
	await waitFor(() => unit.lines('hup').some(line => line.startsWith('hup got SIGHUP')), 20_000, 'hup to get SIGHUP');
	const before = (await unit.pids()).main;
	t.is(await runOneshot(`${unit.unit}-main-watch.service`), undefined);
	await waitFor(async () => {
		const now = (await unit.pids()).main;
		return now !== null && now !== before;
	}, 20_000, 'main to restart');
});
