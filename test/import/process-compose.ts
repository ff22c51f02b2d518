import {writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {interpolateConfig} from '../../lib/config/interpolate.js';
import {resolveConfig} from '../../lib/config/resolve.js';
import {importProcessCompose} from '../../lib/import/process-compose.js';
import {ImportError, type Imported, type ImportOptions} from '../../lib/import/types.js';
import {makeProject} from '../helpers/project.js';

const run = async (text: string, options: Partial<ImportOptions> = {}): Promise<Imported> => importProcessCompose(text, {file: '/project/process-compose.yaml', ...options});
const lineOf = (imported: Imported, at: string) => imported.report.find(line => line.path === at);
type Spec = Record<string, unknown>;
const sidecar = (imported: Imported, name: string) => (imported.config.sidecars as Record<string, Spec>)[name]!;

test('depends_on conditions map; completion conditions make tasks; log_ready waits for ready_log_line', async t => {
	const imported = await run([
		'processes:',
		'  api:',
		'    command: ./api',
		'    depends_on:',
		'      db: {condition: process_healthy}',
		'      migrate: {condition: process_completed_successfully}',
		'      seed: {condition: process_completed}',
		'      cache: {condition: process_started}',
		'      logs: {condition: process_log_ready}',
		'  db: {command: postgres, readiness_probe: {exec: {command: pg_isready}, period_seconds: 2, failure_threshold: 5}}',
		'  migrate: {command: ./migrate}',
		'  seed: {command: ./seed, availability: {restart: always}}',
		'  cache: {command: redis-server}',
		'  logs: {command: ./tail, ready_log_line: "listening on [::]:9000"}',
	].join('\n'));
	t.deepEqual((imported.config.main as Spec).dependsOn, ['db', {name: 'migrate', condition: 'succeeded'}, {name: 'seed', condition: 'completed'}, {name: 'cache', condition: 'started'}, 'logs']);
	t.like(sidecar(imported, 'migrate'), {run: 'once'});
	t.like(sidecar(imported, 'seed'), {run: 'once', restart: undefined});
	t.like(lineOf(imported, 'processes.seed.availability.restart'), {result: 'dropped'});
	t.deepEqual(sidecar(imported, 'logs').readiness, {log: String.raw`listening on \[::\]:9000`});
	t.like(sidecar(imported, 'db').readiness, {exec: 'pg_isready', interval: '2s', period: '2s', failureThreshold: 5, timeout: '30s'});
	t.notThrows(() => resolveConfig(imported.config, '/project'));
});

test('availability, shutdown, probes and logs map', async t => {
	const imported = await run([
		'processes:',
		'  web:',
		'    command: ./web',
		'    is_interactive: true',
		'    shutdown: {command: ./drain, signal: 2, timeout_seconds: 15, parent_only: true}',
		'    liveness_probe: {http_get: {host: 127.0.0.1, port: 8080, path: health}, initial_delay_seconds: 5, period_seconds: 10, failure_threshold: 3, success_threshold: 1}',
		'    log_location: ./web.log',
		'  worker:',
		'    command: ./worker',
		'    availability: {restart: exit_on_failure, backoff_seconds: 3, max_restarts: 4}',
		'    namespace: jobs',
		'    is_daemon: true',
		'    is_elevated: true',
		'    disabled: true',
	].join('\n'));
	t.like(imported.config.main, {stdin: 'inherit', hooks: {preStop: './drain'}, stopSignal: 'SIGINT', stopTimeout: '15s', logs: {file: './web.log'}, liveness: {http: 'http://127.0.0.1:8080/health', initialDelay: '5s', interval: '10s', failureThreshold: 3}});
	t.like(sidecar(imported, 'worker'), {restart: 'never', critical: true, backoff: {initial: '3s', max: '3s', factor: 1}, maxRestarts: {count: 4}, enabled: false});
	for (const at of ['processes.web.shutdown.parent_only', 'processes.worker.namespace', 'processes.worker.is_daemon', 'processes.worker.is_elevated']) {
		t.like(lineOf(imported, at), {result: 'dropped'}, at);
	}

	t.notThrows(() => resolveConfig(imported.config, '/project'));
});

test('vars and {{.PC_REPLICA_NUM}} are expanded; replicas become instances', async t => {
	const imported = await run([
		'vars: {PORT_BASE: "80"}',
		'processes:',
		'  web: {command: "./web --port {{.PORT_BASE}}{{.PC_REPLICA_NUM}}"}',
		'  worker:',
		'    vars: {QUEUE: jobs}',
		'    command: "./worker {{.QUEUE}} --id {{.PC_REPLICA_NUM}} $${HOME} ${TOKEN} $$PWD"',
		'    replicas: 3',
	].join('\n'));
	t.is((imported.config.main as Spec).command, './web --port 800');
	t.like(sidecar(imported, 'worker'), {command: './worker jobs --id ${SIDECAR_REPLICA} $${HOME} ${TOKEN:-} $PWD', replicas: 3});
	// As `sidecar check` loads it: interpolated (an unset TOKEN is empty, `$${HOME}` a literal), then one per instance.
	const config = resolveConfig(interpolateConfig(imported.config, {}), '/project');
	t.deepEqual(config.sidecars.map(spec => spec.command.at(-1)), [0, 1, 2].map(index => `./worker jobs --id ${index} \${HOME}  $PWD`));
});

test('schedule makes a task; the global environment is copied into each process', async t => {
	const imported = await run([
		'environment: ["REGION=eu"]',
		'processes:',
		'  web: {command: ./web}',
		'  backup: {command: ./backup, schedule: {cron: "0 3 * * *", timezone: UTC, run_on_start: true, max_concurrent: 1}, readiness_probe: {exec: {command: "true"}}}',
		'  tick: {command: ./tick, schedule: {interval: 30s}}',
	].join('\n'));
	t.like(sidecar(imported, 'backup'), {run: 'once', schedule: {cron: '0 3 * * *', timezone: 'UTC', runOnStart: true}, env: {REGION: 'eu'}, readiness: undefined});
	t.like(sidecar(imported, 'tick'), {schedule: {every: '30s'}});
	t.like(imported.config.main, {env: {REGION: 'eu'}});
	t.like(lineOf(imported, 'environment'), {result: 'approximated'});
	t.notThrows(() => resolveConfig(imported.config, '/project'));
});

test('extends merges the base file below this one; a missing base is reported', async t => {
	const directory = makeProject(t, {'base.yaml': 'processes:\n  db: {command: postgres}\n  web: {command: old}\n'});
	const file = path.join(directory, 'process-compose.yaml');
	const imported = await run('extends: base.yaml\nprocesses:\n  web: {command: new}\n', {file});
	t.deepEqual(imported.config, {main: {command: 'new'}, sidecars: {db: {command: 'postgres'}}});
	writeFileSync(file, '');
	const missing = await run('extends: gone.yaml\nprocesses:\n  web: {command: w}\n', {file});
	t.like(lineOf(missing, 'extends'), {result: 'dropped'});
	const broken = makeProject(t, {'base.yaml': 'processes: [\n'});
	await t.throwsAsync(run('extends: base.yaml\nprocesses: {}\n', {file: path.join(broken, 'pc.yaml')}), {instanceOf: ImportError, message: /^base\.yaml: unable to parse YAML/});
});

test('names sidecar cannot take are renamed and dependencies follow them', async t => {
	const imported = await run('processes:\n  web: {command: w, depends_on: {_setup: {condition: process_completed_successfully}}}\n  _setup: {command: s}\n');
	t.deepEqual((imported.config.main as Spec).dependsOn, [{name: 'setup', condition: 'succeeded'}]);
	t.like(lineOf(imported, 'processes._setup'), {result: 'approximated'});
	t.notThrows(() => resolveConfig(imported.config, '/project'));
});

test('a file with no processes, or not a mapping, fails with a line and column', async t => {
	const error = await t.throwsAsync(run('version: "0.5"\nprocesses: []\n'), {instanceOf: ImportError});
	t.deepEqual([error.line, error.column], [2, 12]);
	await t.throwsAsync(run('just text'), {instanceOf: ImportError});
	await t.throwsAsync(run('processes:\n  a: {command: x}\n', {main: 'b'}), {instanceOf: ImportError, message: /--main "b"/});
});

test('a description becomes a comment on its process, main included', async t => {
	const {comments} = await run('processes:\n  web: {command: w, description: "The shop front"}\n  jobs: {command: j, description: Queues}\n');
	t.is(comments.main?.split('\n').at(-1), 'The shop front');
	t.is(comments['sidecars.jobs'], 'Queues');
});

test('watch maps to sidecar\'s watch: paths read from working_dir, include and exclude, debounce, cascade, max_entries; a task keeps none', async t => {
	const imported = await run([
		'processes:',
		'  api:',
		'    command: ./api',
		'    working_dir: ./services/api',
		'    watch:',
		'      debounce: 500ms',
		'      cascade: true',
		'      max_entries: 100',
		'      disable_default_excludes: true',
		'      paths:',
		'        - path: ./src',
		'          exclude: ["**/*_test.go", "testdata"]',
		'        - path: /etc/api',
		'  assets:',
		'    command: make assets',
		'    watch: {paths: [{path: ./assets}]}',
		'  web:',
		'    command: ./web',
		'    depends_on: {assets: {condition: process_completed_successfully}}',
	].join('\n'), {main: 'web'});
	t.deepEqual(sidecar(imported, 'api').watch, {paths: ['services/api/src', '/etc/api'], when: 'always', debounce: '500ms', cascade: true, maxDirs: 100, ignore: ['**/*_test.go', 'testdata']});
	t.like(lineOf(imported, 'processes.api.watch.paths[0]'), {result: 'approximated'});
	t.like(lineOf(imported, 'processes.api.watch.paths[1]'), {result: 'mapped'});
	t.like(lineOf(imported, 'processes.api.watch.disable_default_excludes'), {result: 'dropped'});
	t.like(sidecar(imported, 'assets'), {run: 'once', watch: undefined});
	t.like(lineOf(imported, 'processes.assets.watch'), {result: 'dropped'});
	t.notThrows(() => resolveConfig(imported.config, '/project'));
});

test('a watch that is not {paths: [...]} is dropped with what was expected', async t => {
	const imported = await run(['processes:', '  api:', '    command: ./api', '    watch: {paths: "src", debounce: soon}'].join('\n'));
	t.like(lineOf(imported, 'processes.api.watch'), {result: 'dropped', why: 'got {"paths":"src","debounce":"soon"}, expected {paths: [{path, include, exclude}]}'});
	t.is((imported.config.main as Spec).watch, undefined);
});
