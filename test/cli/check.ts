import {chmodSync, readFileSync} from 'node:fs';
import test from 'ava';
import {execa} from 'execa';
import {BIN, runCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';

test('check prints the resolved config', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {name: 'shop', main: {command: ['node', 'a.js'], stopTimeout: '2s'}}});
	const {exitCode, stdout} = await runCli(['check'], {cwd});
	t.is(exitCode, 0);
	const config = JSON.parse(stdout);
	t.is(config.name, 'shop');
	t.is(config.main.stopTimeout, 2000);
	t.is(config.file, `${cwd}/sidecar.config.json`);
});

test('an invalid config exits 78 with one line per problem and starts nothing', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {main: {command: ['touch', 'started']}, sidecars: {a: {command: ['touch', 'started'], restart: 'sometimes'}}, metrcs: {}}});
	for (const command of ['check', 'run']) {
		const {exitCode, stderr} = await runCli([command], {cwd});
		t.is(exitCode, 78);
		t.deepEqual(stderr.trim().split('\n'), [
			'sidecar: metrcs: got {}, expected no such key; did you mean "metrics"? (allowed: name, envFile, main, sidecars, signals, logs, metrics, http, shutdown)',
			'sidecar: sidecars.a.restart: got "sometimes", expected one of \'always\', \'on-failure\', \'never\'',
		]);
	}

	t.throws(() => readFileSync(`${cwd}/started`));
});

test('--config names the file; a missing one is a config error', async t => {
	const cwd = makeProject(t, {'conf/unit.yaml': 'name: fromyaml\nmain:\n  command: [node, a.js]\n'});
	t.is(JSON.parse((await runCli(['check', '--config', 'conf/unit.yaml'], {cwd})).stdout).name, 'fromyaml');
	const missing = await runCli(['check', '--config', 'nope.json'], {cwd});
	t.is(missing.exitCode, 78);
	t.regex(missing.stderr, /unable to read config .*nope\.json: no such file/);
});

const discovered = test.macro(async (t, file: string, contents: string) => {
	const cwd = makeProject(t, {[file]: contents});
	const {exitCode, stdout, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 0, stderr);
	t.is(JSON.parse(stdout).name, 'found');
});

test('finds package.json "sidecar"', discovered, 'package.json', JSON.stringify({name: 'x', sidecar: {name: 'found', main: {command: 'a'}}}));
test('finds sidecar.config.json', discovered, 'sidecar.config.json', '{"name": "found", "main": {"command": "a"}}');
test('finds sidecar.config.yaml', discovered, 'sidecar.config.yaml', 'name: found\nmain: {command: a}\n');
test('finds sidecar.config.yml', discovered, 'sidecar.config.yml', 'name: found\nmain: {command: a}\n');
test('finds sidecar.config.mjs', discovered, 'sidecar.config.mjs', 'export default {name: "found", main: {command: "a"}};');
test('finds sidecar.config.cjs', discovered, 'sidecar.config.cjs', 'module.exports = {name: "found", main: {command: "a"}};');
test('finds sidecar.config.js', discovered, 'sidecar.config.js', 'export default {name: "found", main: {command: "a"}};');
test('finds .sidecarrc', discovered, '.sidecarrc', '{"name": "found", "main": {"command": "a"}}');
test('finds .sidecarrc.json', discovered, '.sidecarrc.json', '{"name": "found", "main": {"command": "a"}}');
test('finds .sidecarrc.yaml', discovered, '.sidecarrc.yaml', 'name: found\nmain: {command: a}\n');
test('finds .sidecarrc.yml', discovered, '.sidecarrc.yml', 'name: found\nmain: {command: a}\n');
test('finds .sidecarrc.js', discovered, '.sidecarrc.js', 'export default {name: "found", main: {command: "a"}};');
const typed = `import {defineConfig} from 'sidecar';
import type {SidecarConfig} from 'sidecar';
const port: number = 8080;
const extra: Partial<SidecarConfig> = {};
export default defineConfig({name: 'found', main: {command: ['node', 'a.js'], env: {PORT: String(port as number)}}, ...extra});
`;
test('finds sidecar.config.ts with defineConfig and types', discovered, 'sidecar.config.ts', typed);
test('finds sidecar.config.mts', discovered, 'sidecar.config.mts', typed);
test('finds .sidecarrc.ts', discovered, '.sidecarrc.ts', typed);

test('a config that fails to load is a config error with its reason', async t => {
	const cwd = makeProject(t, {'sidecar.config.ts': 'export default {name: ;'});
	const {exitCode, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 78);
	t.regex(stderr, /^sidecar: unable to load config/);
	t.notRegex(stderr, /\n\s+at /); // No stack trace.
});

test('check warns, without failing, about commands that could not start here and now', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		main: {command: ['node', 'a.js'], cwd: 'app'},
		sidecars: {
			ghost: {command: ['definitely-not-a-binary', '--flag']},
			local: {command: ['./bin/ship']},
			shell: {command: 'definitely-not-a-binary too'}, // /bin/sh reports its own: no warning.
			fine: {command: ['sh', '-c', 'true']},
		},
	}});
	const {exitCode, stdout, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 0);
	t.deepEqual(stderr.split('\n'), [
		`sidecar: warning: main.cwd: ${cwd}/app: no such directory`,
		'sidecar: warning: sidecars.ghost.command: definitely-not-a-binary: not found',
		'sidecar: warning: sidecars.local.command: ./bin/ship: no such file',
	]);
	t.is(JSON.parse(stdout).sidecars.length, 4);
});

test('check looks for a command on the PATH the process will have', async t => {
	const cwd = makeProject(t, {'tools/ship': '#!/bin/sh\n', 'sidecar.config.json': {main: {command: ['ship'], env: {PATH: 'tools:/usr/bin:/bin'}}}});
	chmodSync(`${cwd}/tools/ship`, 0o755);
	const {exitCode, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 0);
	t.is(stderr, '');
});

test('a working directory deleted under the shell is one clear line, not a stack trace', async t => {
	const gone = makeProject(t);
	// The shell enters the directory, removes it, then starts the CLI there.
	const result = await execa('sh', ['-c', 'cd "$1" && rmdir "$1" && exec "$2" "$3" check', 'sh', gone, process.execPath, BIN], {reject: false, env: {NO_COLOR: '1'}});
	t.is(result.exitCode, 1);
	t.is(result.stderr, 'sidecar: unable to run sidecar: the working directory no longer exists (cd to one that does)');
});

test('check says, for each critical process, when it stops the unit under its restart policy', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		main: {command: ['sh', '-c', 'true']},
		sidecars: {
			ship: {command: ['sh', '-c', 'true'], critical: true, maxRestarts: {count: 5, window: '1m'}},
			db: {command: ['sh', '-c', 'true'], critical: true, restart: 'on-failure', neverRestartOn: [78]},
			check: {command: ['sh', '-c', 'true'], critical: true, run: 'once', start: 'after', restart: 'never'},
			plain: {command: ['sh', '-c', 'true'], restart: 'never'},
		},
	}});
	const {exitCode, stdout, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 0);
	t.deepEqual(stderr.split('\n'), [
		'sidecar: note: sidecars.ship is critical with restart \'always\': every exit is restarted; after 5 restarts within 60s, its next exit stops the unit (exit 70); during start-up a failure ends start-up instead (exit 69)',
		'sidecar: note: sidecars.db is critical with restart \'on-failure\': a failed exit is restarted; after 10 restarts within 60s, its next failed exit stops the unit (exit 70), and at once on exit code 78; a successful exit leaves it exited; during start-up a failure ends start-up instead (exit 69)',
		'sidecar: note: sidecars.check is critical with restart \'never\': its first failed exit stops the unit (exit 70); a successful exit leaves it exited',
	]);
	t.is(JSON.parse(stdout).sidecars.length, 4, 'stdout stays the resolved config, as JSON');
});

// docs/config.md shows `--env` in check's output as a source: check takes it as run does, and masks the value.
test('check --env shows what run --env would set, masked, and names a bad pair as check\'s', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {main: {command: ['node', 'a.js'], env: {LOG_LEVEL: 'info'}}}});
	const {exitCode, stdout, stderr} = await runCli(['check', '--env', 'LOG_LEVEL=debug', '-e', 'TOKEN=s3cret'], {cwd});
	t.is(exitCode, 0, stderr);
	t.deepEqual(JSON.parse(stdout).main.env, {LOG_LEVEL: {from: '--env', value: '****'}, TOKEN: {from: '--env', value: '****'}});
	t.false(stdout.includes('s3cret'));
	const bad = await runCli(['check', '--env', '1X=y'], {cwd});
	t.is(bad.exitCode, 64);
	t.regex(bad.stderr, /^sidecar: check: --env got "1X=…", expected KEY=VALUE/);
});

test('check notes each sidecar the unit would not start, and --profile shows what run with it would start', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {main: {command: ['node', 'a.js']}, sidecars: {
		tools: {command: ['node', 't.js'], enabled: false},
		mock: {command: ['node', 'm.js'], profiles: ['dev']},
	}}});
	const plain = await runCli(['check'], {cwd});
	t.is(plain.exitCode, 0);
	t.regex(plain.stderr, /note: sidecars\.tools is not started with the unit: it has enabled: false \(start it with `sidecar start tools`\)/);
	t.regex(plain.stderr, /note: sidecars\.mock is not started with the unit: it has profiles dev and no profile is selected/);
	t.like(JSON.parse(plain.stdout), {profiles: [], sidecars: [{name: 'tools', enabled: false, profiles: []}, {name: 'mock', enabled: true, profiles: ['dev']}]});
	const dev = await runCli(['check', '--profile', 'dev'], {cwd});
	t.is(dev.exitCode, 0);
	t.notRegex(dev.stderr, /sidecars\.mock/);
	t.deepEqual(JSON.parse(dev.stdout).profiles, ['dev']);
});
