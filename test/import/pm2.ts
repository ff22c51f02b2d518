import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {pm2Importer} from '../../lib/import/pm2.js';
import {renderConfig} from '../../lib/import/write-config.js';
import {runCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';

// A file with most of pm2's keys on four apps (docs/import.md, PM2 ecosystem files).
const FILE = fileURLToPath(new URL('../../../test/import/fixtures/every-key.config.cjs', import.meta.url));
const importer = pm2Importer(4);
const load = async () => importer(readFileSync(FILE, 'utf8'), {file: FILE});
type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

test('the JavaScript file is executed and the report says so', async t => {
	const {report} = await load();
	t.deepEqual(report[0], {path: 'every-key.config.cjs', result: 'approximated', how: 'executed with Node, as `pm2 start` does: what it computed (process.env, paths) is written as it was now'});
});

test('every key of every app has a report line', async t => {
	const {report} = await load();
	const apps = (await import(FILE) as {default: {apps: Array<Record<string, unknown>>}}).default.apps;
	for (const [index, app] of apps.entries()) {
		for (const key of Object.keys(app)) {
			t.true(report.some(line => line.path === `apps[${index}].${key}`), `apps[${index}].${key}`);
		}
	}
});

test('script, interpreter, node_args and args become one argv, no shell', async t => {
	const {config} = await load();
	t.deepEqual((config.main as Spec).command, ['node', '--max-old-space-size=512', 'server.js', '--port', '3000']);
	t.deepEqual((config.sidecars as Spec).nightly.command, ['npm', 'run', 'nightly job'], 'a string of args is split as words, quotes kept together');
	t.deepEqual((config.sidecars as Spec)['weird-name-'].command, ['bin/x'], 'interpreter none runs the script itself');
});

test('instances with increment_var become replicas with ports, and a log file per instance', async t => {
	const {config} = await load();
	const worker = (config.sidecars as Spec).worker;
	t.deepEqual(worker.replicas, {count: 3, port: {base: 4000, step: 1}});
	t.is(worker.env.PORT, '${SIDECAR_PORT}');
	t.is(worker.env.NODE_APP_INSTANCE, '${SIDECAR_REPLICA}');
	t.is(worker.logs.file, 'logs/worker-${SIDECAR_REPLICA}.log');
});

test('restart keys: stop_exit_codes, max_restarts and min_uptime, restart_delay', async t => {
	const {config} = await load();
	const worker = (config.sidecars as Spec).worker;
	t.deepEqual(worker.successCodes, [0, 3]);
	t.is(worker.restart, 'on-failure');
	t.deepEqual(worker.maxRestarts, {count: 5, window: 25_000});
	t.deepEqual(worker.backoff, {resetAfter: 5000, initial: 2000, factor: 1, max: 2000});
});

test('cron_restart with autorestart false is a scheduled task that also runs at start', async t => {
	const {config} = await load();
	const nightly = (config.sidecars as Spec).nightly;
	t.deepEqual(nightly.schedule, {cron: '0 0 3 * * *', runOnStart: true});
	t.is(nightly.run, 'once');
});

test('main is the first app that runs once; restart keys on it are dropped, not written', async t => {
	const {config, report} = await load();
	t.is((config.main as Spec).backoff, undefined);
	t.is(report.find(line => line.path === 'apps[0].exp_backoff_restart_delay')?.result, 'dropped');
	t.is(report.find(line => line.path === 'apps[0]')?.result, 'approximated');
});

test('--env NAME applies env_NAME over env; without it env_NAME is reported dropped', async t => {
	const text = 'module.exports = {apps: [{script: "a.js", env: {A: "1", B: "1"}, env_production: {A: "2"}}]};';
	const plain = await importer(text, {file: '/x/ecosystem.config.js'});
	t.deepEqual((plain.config.main as Spec).env, {A: '1', B: '1'});
	t.is(plain.report.find(line => line.path === 'apps[0].env_production')?.result, 'dropped');
	const production = await importer(text, {file: '/x/ecosystem.config.js', env: 'production'});
	t.deepEqual((production.config.main as Spec).env, {A: '2', B: '1'});
});

test('the imported config passes sidecar check', async t => {
	const {config, comments} = await load();
	const cwd = makeProject(t, {'package.json': {type: 'module'}, 'sidecar.config.ts': renderConfig(config, comments, 'ts', 'every-key.config.cjs')});
	const {exitCode, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 0, stderr);
});
