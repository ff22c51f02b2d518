import test from 'ava';
import {selectProfiles} from '../../lib/config/profiles.js';
import {resolveConfig} from '../../lib/config/resolve.js';
import {importCompose} from '../../lib/import/compose.js';
import {ImportError, type Imported, type ImportOptions} from '../../lib/import/types.js';

const run = async (text: string, options: Partial<ImportOptions> = {}): Promise<Imported> => importCompose(text, {file: '/project/compose.yaml', ...options});
const lineOf = (imported: Imported, path: string) => imported.report.find(line => line.path === path);
type Spec = Record<string, unknown>;
const sidecar = (imported: Imported, name: string) => (imported.config.sidecars as Record<string, Spec>)[name]!;

test('a service named web is main; the others are sidecars; each config passes resolveConfig', async t => {
	const imported = await run('services:\n  worker:\n    command: node worker.js\n  web:\n    command: node web.js\n');
	t.deepEqual(imported.config, {main: {command: 'node web.js'}, sidecars: {worker: {command: 'node worker.js'}}});
	t.like(lineOf(imported, 'services.web'), {result: 'approximated', how: 'became main: named "web" (--main chooses another)'});
	t.notThrows(() => resolveConfig(imported.config, '/project'));
});

test('without a main-like name, the first service nothing depends on is main; --main overrides', async t => {
	const text = 'services:\n  db:\n    command: postgres\n  app2:\n    command: node a.js\n    depends_on: [db]\n';
	t.is(((await run(text)).config.main as Spec).command, 'node a.js');
	t.is(((await run(text, {main: 'db'})).config.main as Spec).command, 'postgres');
	await t.throwsAsync(run(text, {main: 'nope'}), {instanceOf: ImportError, message: /--main "nope" is not a service/});
});

test('string commands stay strings, arrays stay arrays, an entrypoint joins the command', async t => {
	const imported = await run([
		'services:',
		'  web: {command: "bundle exec rails s -p $$PORT"}',
		'  a: {command: [node, a.js]}',
		'  b: {entrypoint: [tini, --], command: [node, b.js]}',
		'  c: {entrypoint: sh -c, command: [echo hi]}',
	].join('\n'));
	t.is((imported.config.main as Spec).command, 'bundle exec rails s -p $PORT');
	t.deepEqual(sidecar(imported, 'a').command, ['node', 'a.js']);
	t.deepEqual(sidecar(imported, 'b').command, ['tini', '--', 'node', 'b.js']);
	t.is(sidecar(imported, 'c').command, 'sh -c \'echo hi\'');
});

test('services running only their image are refused all at once, with the line and column of the first', async t => {
	const text = 'services:\n  web:\n    command: x\n  db:\n    image: postgres\n  cache:\n    image: redis\n    command: ["--save", "60"]\n';
	const error = await t.throwsAsync(run(text), {instanceOf: ImportError});
	t.regex(error.message, /services db, cache: .*--skip-image-only/);
	t.deepEqual([error.line, error.column], [5, 5]);
	const skipped = await run(text, {skipImageOnly: true});
	t.like(lineOf(skipped, 'services.db'), {result: 'dropped'});
	t.like(lineOf(skipped, 'services.cache'), {result: 'dropped'});
	t.is(lineOf(skipped, 'services.db.image'), undefined);
});

test('a file that is not YAML fails with its line and column', async t => {
	const error = await t.throwsAsync(run('services:\n  web:\n    command: [a, b\n  x: y\n'), {instanceOf: ImportError});
	t.deepEqual([error.line, error.column], [4, 3]); // Where the unclosed flow sequence is found to end.
	await t.throwsAsync(run('- a\n- b\n'), {instanceOf: ImportError, message: /expected a mapping with services/});
});

test('depends_on conditions map to dependsOn; a waited-for completion makes a task; waiting for main means start after', async t => {
	const imported = await run([
		'services:',
		'  web: {command: w, depends_on: {db: {condition: service_healthy}, migrate: {condition: service_completed_successfully}, cache: {condition: service_started, restart: true}}}',
		'  db: {command: d}',
		'  migrate: {command: m, restart: "no", depends_on: [db]}',
		'  cache: {command: c}',
		'  proxy: {command: p, depends_on: [web]}',
	].join('\n'));
	t.deepEqual((imported.config.main as Spec).dependsOn, ['db', {name: 'migrate', condition: 'succeeded'}, {name: 'cache', condition: 'started', onRestart: 'restart'}]);
	t.like(sidecar(imported, 'migrate'), {run: 'once', restart: 'never', dependsOn: [{name: 'db', condition: 'started'}]});
	t.like(sidecar(imported, 'proxy'), {start: 'after'});
	t.like(lineOf(imported, 'services.proxy.depends_on[0]'), {result: 'approximated'});
	t.notThrows(() => resolveConfig(imported.config, '/project'));
});

test('healthcheck forms become an exec readiness probe with its timings; NONE and disable drop it', async t => {
	const imported = await run([
		'services:',
		'  web: {command: w, healthcheck: {test: [CMD, curl, -f, "http://127.0.0.1/"], interval: 1m30s, timeout: 5s, retries: 4, start_period: 40s, start_interval: 500ms}}',
		'  a: {command: a, healthcheck: {test: [CMD-SHELL, "pg_isready || exit 1"]}}',
		'  b: {command: b, healthcheck: {test: "redis-cli ping"}}',
		'  c: {command: c, healthcheck: {test: [NONE]}}',
		'  d: {command: d, healthcheck: {disable: true}}',
		'  e: {command: e, healthcheck: {test: [CMD, x], interval: soon}}',
	].join('\n'));
	t.deepEqual((imported.config.main as Spec).readiness, {exec: ['curl', '-f', 'http://127.0.0.1/'], period: '90s', checkTimeout: '5s', failureThreshold: 4, timeout: '40s', interval: '500ms'});
	t.deepEqual(sidecar(imported, 'a').readiness, {exec: 'pg_isready || exit 1'});
	t.deepEqual(sidecar(imported, 'b').readiness, {exec: 'redis-cli ping'});
	t.is(sidecar(imported, 'c').readiness, undefined);
	t.is(sidecar(imported, 'd').readiness, undefined);
	t.like(lineOf(imported, 'services.e.healthcheck.interval'), {result: 'dropped'});
	t.notThrows(() => resolveConfig(imported.config, '/project'));
});

test('restart, stop, user, limits and replicas map; on-failure:N counts restarts', async t => {
	const imported = await run([
		'services:',
		'  web: {command: w, stop_signal: SIGINT, stop_grace_period: 1m, user: "1000:1000", mem_limit: 512m, cpus: "1.5"}',
		'  a: {command: a, restart: "on-failure:5", scale: 2}',
		'  b: {command: b, restart: unless-stopped, deploy: {replicas: 3, resources: {limits: {memory: 1g, cpus: "0.25"}, reservations: {memory: 1m}}, restart_policy: {condition: on-failure, max_attempts: 3, window: 2m, delay: 5s}}}',
		'  c: {command: c, restart: sometimes}',
	].join('\n'));
	t.like(imported.config.main, {stopSignal: 'SIGINT', stopTimeout: '60s', user: 1000, group: 1000, limits: {memory: '512m', cpu: 1.5}});
	t.like(sidecar(imported, 'a'), {restart: 'on-failure', maxRestarts: {count: 5}, replicas: 2});
	t.like(sidecar(imported, 'b'), {restart: 'on-failure', replicas: 3, limits: {memory: '1g', cpu: 0.25}, maxRestarts: {count: 3, window: '120s'}, backoff: {initial: '5s', max: '5s', factor: 1}});
	t.like(lineOf(imported, 'services.b.deploy.resources.reservations'), {result: 'dropped'});
	t.like(lineOf(imported, 'services.c.restart'), {result: 'dropped'});
	t.notThrows(() => resolveConfig(imported.config, '/project'));
});

test('environment: list, map, pass-through, interpolation rewritten, service host names reported', async t => {
	const imported = await run([
		'services:',
		'  web:',
		'    command: w',
		'    environment: {DATABASE_URL: "postgres://db:5432/app", PORT: 3000, DEBUG: true, HOME:, TOKEN: "${TOKEN}", LEVEL: "${LEVEL-info}", LIT: "$$HOME"}',
		'  db:',
		'    command: d',
		'    environment: [A=1, B, "C=x=y"]',
		'    env_file: [.env, {path: .env.local, required: false}]',
	].join('\n'));
	t.deepEqual((imported.config.main as Spec).env, {DATABASE_URL: 'postgres://db:5432/app', PORT: '3000', DEBUG: 'true', TOKEN: '${TOKEN:-}', LEVEL: '${LEVEL:-info}', LIT: '$HOME'});
	t.regex(JSON.stringify(lineOf(imported, 'services.web.environment.DATABASE_URL')), /approximated.*names the service \\"db\\"/);
	t.like(lineOf(imported, 'services.web.environment.HOME'), {result: 'approximated'});
	t.like(lineOf(imported, 'services.web.environment.LEVEL'), {result: 'approximated'});
	t.deepEqual(sidecar(imported, 'db').env, {A: '1', C: 'x=y'});
	t.deepEqual(sidecar(imported, 'db').envFile, ['.env', '-.env.local']);
});

test('develop.watch restarts, post_start and pre_stop hooks, profiles; container keys dropped with a reason', async t => {
	const imported = await run([
		'services:',
		'  web:',
		'    command: w',
		'    develop: {watch: [{path: ./src, action: sync+restart, ignore: [tmp/]}, {path: ./public, action: sync}, {path: package.json, action: rebuild}]}',
		'    post_start: [{command: ./warm.sh}]',
		'    pre_stop: [{command: [./drain, --wait]}, {command: echo bye, user: root}]',
		'    ports: ["8080:80"]',
		'    cap_add: [NET_ADMIN]',
		'    frobnicate: 1',
		'  jobs: {command: j, profiles: [batch]}',
		'x-common: &c {a: 1}',
		'networks: {default: {}}',
	].join('\n'));
	t.like(imported.config.main, {watch: {paths: ['./src', 'package.json'], ignore: ['tmp/']}, hooks: {postStart: './warm.sh', preStop: './drain --wait && echo bye'}});
	t.like(lineOf(imported, 'services.web.develop.watch[1]'), {result: 'dropped'});
	t.like(lineOf(imported, 'services.web.pre_stop[1]'), {result: 'approximated'});
	t.deepEqual(sidecar(imported, 'jobs').profiles, ['batch']);
	for (const path of ['services.web.ports', 'services.web.cap_add', 'services.web.frobnicate', 'x-common', 'networks']) {
		t.like(lineOf(imported, path), {result: 'dropped'}, path);
	}

	t.notThrows(() => resolveConfig(imported.config, '/project'));
});

test('anchors and <<: merges are resolved before mapping', async t => {
	const imported = await run([
		'x-base: &base',
		'  restart: on-failure',
		'  environment: {A: "1"}',
		'services:',
		'  web: {<<: *base, command: w}',
		'  worker: {<<: *base, command: k, environment: {B: "2"}}',
	].join('\n'));
	t.like(sidecar(imported, 'worker'), {restart: 'on-failure', env: {B: '2'}});
	t.like(imported.config.main, {env: {A: '1'}});
	t.regex(JSON.stringify(lineOf(imported, 'services.web.restart')), /dropped.*never restarts main/);
});

test('every source key gets exactly one report line', async t => {
	const {report} = await run('services:\n  web:\n    command: w\n    ports: [1, 2]\n    environment: {A: "1"}\n  db:\n    command: d\n    depends_on: [web]\n');
	const paths = report.map(line => line.path);
	t.deepEqual(paths.length, new Set(paths).size);
	t.deepEqual(new Set(paths), new Set(['services.web.command', 'services.web.ports', 'services.web.environment.A', 'services.web', 'services.db.command', 'services.db.depends_on[0]', 'services.db']));
});

test('a profiled service that a started one depends on loses its profiles, as `sidecar check` requires', async t => {
	const imported = await run('services:\n  web: {command: w, depends_on: [jobs], profiles: [full]}\n  jobs: {command: j, profiles: [full]}\n  extra: {command: e, profiles: [full]}\n');
	t.is(sidecar(imported, 'jobs').profiles, undefined);
	t.deepEqual(sidecar(imported, 'extra').profiles, ['full']);
	t.like(lineOf(imported, 'services.jobs.profiles'), {result: 'dropped'});
	t.like(lineOf(imported, 'services.web.profiles'), {result: 'dropped'});
	t.notThrows(() => selectProfiles(resolveConfig(imported.config, '/project'), []));
});

test('each approximation carries a comment on the config key it became', async t => {
	const {comments} = await run('services:\n  web: {command: w, environment: {DB: "postgres://db:5432/x"}, restart: "on-failure:3"}\n  db: {command: d, restart: "on-failure:3"}\n');
	t.regex(comments['main.env.DB'] ?? '', /^services\.web\.environment\.DB: kept as is, but it names the service "db"/);
	t.regex(comments['sidecars.db.maxRestarts'] ?? '', /^services\.db\.restart: restart: 'on-failure', maxRestarts\.count 3/);
	t.regex(comments.main ?? '', /"web": named "web"/);
});
