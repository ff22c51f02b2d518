import {chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import {assertNoNodeNoise, BIN, runCli, stripAnsi} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {nobodyCanRunCheckout} from '../helpers/nobody.js';
import {makeProject} from '../helpers/project.js';
import {startUnit, uniqueName, waitAllReady} from '../helpers/unit.js';

const isRoot = process.getuid?.() === 0;
const asRoot = isRoot ? test : test.skip; // Switching to `nobody` needs root (CI is root).
// Running the CLI as nobody also needs a checkout nobody can read (test/helpers/nobody.ts).
const asNobody = nobodyCanRunCheckout ? test : test.skip;
const NOBODY = {uid: 65_534, gid: 65_534};

// Main would leave a `started` file: a config that fails to load must start nothing.
const touchStarted = ['/bin/sh', '-c', 'touch started'];

// `check` and `run` both: exit 78, exactly `lines` on stderr, nothing started.
const failsToLoad = test.macro(async (t, files: Record<string, string>, lines: (cwd: string) => string[]) => {
	const cwd = makeProject(t, files);
	for (const command of ['check', 'run']) {
		const {exitCode, stdout, stderr} = await runCli([command], {cwd});
		t.is(exitCode, 78, `${command}: ${stderr}`);
		t.deepEqual(stderr.trim().split('\n'), lines(cwd), command);
		t.is(stdout, '', command);
	}

	t.false(existsSync(path.join(cwd, 'started')));
});

test('a YAML syntax error shows the parser\'s reason, line and column', failsToLoad,
	{'sidecar.config.yaml': 'name: shop\nmain:\n  command: [touch, started\n'},
	cwd => [`sidecar: unable to load config ${cwd}/sidecar.config.yaml: unexpected end of the stream within a flow collection (line 4, column 1)`]);

test('a YAML indentation error in .sidecarrc names its line', failsToLoad,
	{'.sidecarrc': 'name: shop\nmain:\n  command: touch started\n   cwd: .\n'},
	cwd => [`sidecar: unable to load config ${cwd}/.sidecarrc: bad indentation of a mapping entry (line 4, column 7)`]);

test('a JSON syntax error shows the parser\'s reason, line and column', failsToLoad,
	{'sidecar.config.json': '{\n  "name": "shop",\n  main: {"command": ["touch", "started"]}\n}\n'},
	cwd => [`sidecar: unable to load config ${cwd}/sidecar.config.json: Expected double-quoted property name (line 3, column 3)`]);

test('a truncated JSON file says where it ended', failsToLoad,
	{'sidecar.config.json': '{"name": "shop", "main": {"command": ["touch", "started"]}'},
	cwd => [`sidecar: unable to load config ${cwd}/sidecar.config.json: Expected ',' or '}' after property value (line 1, column 59)`]);

test('a broken package.json is an error, not a project without config', failsToLoad,
	{'package.json': '{"name": "shop",}', 'sidecar.config.json': JSON.stringify({main: {command: touchStarted}})},
	cwd => [`sidecar: unable to load config ${cwd}/package.json: Expected double-quoted property name (line 1, column 17)`]);

test('a JS config that throws on import names the file and the error', failsToLoad,
	{'sidecar.config.mjs': 'throw new Error("SHOP_PORT is not set");\n'},
	cwd => [`sidecar: unable to load config ${cwd}/sidecar.config.mjs: SHOP_PORT is not set`]);

test('a file the config itself fails to read is the config\'s error, not "no such file" about the config', failsToLoad,
	{'sidecar.config.mjs': 'import {readFileSync} from "node:fs";\nexport default {name: readFileSync("/nonexistent/shop-secret", "utf8")};\n'},
	cwd => [`sidecar: unable to load config ${cwd}/sidecar.config.mjs: ENOENT: no such file or directory, open '/nonexistent/shop-secret'`]);

test('a JS syntax error names the line and column', failsToLoad,
	{'sidecar.config.mjs': 'const port = 8080;\nexport default {name: "shop", main: {command: ["node", ]]}};\n'},
	cwd => [`sidecar: unable to load config ${cwd}/sidecar.config.mjs: SyntaxError: Unexpected token ']' (line 2, column 57)`]);

test('a TS config that throws on import names the file and the error', failsToLoad,
	{'sidecar.config.ts': 'const port: string | undefined = undefined;\nif (port === undefined) throw new Error("SHOP_PORT is not set");\nexport default {};\n'},
	cwd => [`sidecar: unable to load config ${cwd}/sidecar.config.ts: SHOP_PORT is not set`]);

test('a TS config with a runtime TypeError keeps the error\'s name', failsToLoad,
	{'sidecar.config.ts': 'const env: Record<string, string> | undefined = undefined;\nexport default {name: env!.NAME};\n'},
	cwd => [`sidecar: unable to load config ${cwd}/sidecar.config.ts: TypeError: Cannot read properties of undefined (reading 'NAME')`]);

test('a TS syntax error names the line and column', failsToLoad,
	{'sidecar.config.ts': 'const port: number = 8080;\nexport default {name: ;\n'},
	cwd => [`sidecar: unable to load config ${cwd}/sidecar.config.ts: SyntaxError: Unexpected token (line 2, column 23)`]);

test('a TS config importing a missing helper names the helper and the config, not a compiled copy', failsToLoad,
	{'sidecar.config.ts': 'import {port} from \'./ports.js\';\nexport default {main: {command: [\'node\', String(port)]}};\n'},
	cwd => [`sidecar: unable to load config ${cwd}/sidecar.config.ts: Cannot find module '${cwd}/ports.js' imported from ${cwd}/sidecar.config.ts`]);

test('a TS config importing a package that is not installed says so', failsToLoad,
	{'sidecar.config.ts': 'import ports from \'shop-ports\';\nexport default {main: {command: [\'node\', String(ports)]}};\n'},
	cwd => [`sidecar: unable to load config ${cwd}/sidecar.config.ts: cannot find package "shop-ports" from ${cwd}`]);

test('a default export that is a function is an error, not an empty config', failsToLoad,
	{'sidecar.config.mjs': 'export default () => ({main: {command: ["touch", "started"]}});\n'},
	cwd => [`sidecar: unable to load config ${cwd}/sidecar.config.mjs: default export: got a function, expected the config object (\`export default defineConfig({...})\`)`]);

test('a module without a default export is an error, not an empty config', failsToLoad,
	{'sidecar.config.mjs': 'export const main = {command: ["touch", "started"]};\n'},
	cwd => [`sidecar: unable to load config ${cwd}/sidecar.config.mjs: no default export, expected \`export default defineConfig({...})\``]);

test('a default export promise that rejects is an error with its reason', failsToLoad,
	{'sidecar.config.mjs': 'export default Promise.reject(new Error("vault is sealed"));\n'},
	cwd => [`sidecar: unable to load config ${cwd}/sidecar.config.mjs: vault is sealed`]);

test('a directory where a config file would be is an error, not a reason to use the next file', failsToLoad,
	{'sidecar.config.json/keep': '', '.sidecarrc.json': JSON.stringify({main: {command: touchStarted}})},
	cwd => [`sidecar: unable to read config ${cwd}/sidecar.config.json: is a directory, expected a file`]);

test('from a subdirectory, an unusable config at the project root is an error, not "no config found"', async t => {
	const cwd = makeProject(t, {'package.json': JSON.stringify({name: 'shop'}), 'sidecar.config.yaml/keep': '', 'src/app/keep': ''});
	const {exitCode, stderr} = await runCli(['check'], {cwd: path.join(cwd, 'src/app')});
	t.is(exitCode, 78);
	t.is(stderr, `sidecar: unable to read config ${cwd}/sidecar.config.yaml: is a directory, expected a file`);
});

test('a default export promise is awaited', async t => {
	const cwd = makeProject(t, {'sidecar.config.mjs': 'export default Promise.resolve({name: "later", main: {command: ["node", "a.js"]}});\n'});
	const {exitCode, stdout, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 0, stderr);
	t.is(JSON.parse(stdout).name, 'later');
});

test('an empty config file is the config, with no settings: a later file does not win', async t => {
	const cwd = makeProject(t, {'sidecar.config.yaml': '', '.sidecarrc.json': JSON.stringify({name: 'other', main: {command: touchStarted}})});
	const check = await runCli(['check'], {cwd});
	t.is(check.exitCode, 78);
	t.regex(check.stderr, /^sidecar: main\.command: got nothing/);
	const run = await runCli(['run', '--', process.execPath, '-e', 'console.log(process.env.SIDECAR_NAME)'], {cwd});
	t.is(run.exitCode, 0, run.stderr);
	t.false(existsSync(path.join(cwd, 'started')));
});

test('--config naming a directory, or a file of unknown type, is a config error', async t => {
	const cwd = makeProject(t, {'conf/keep': '', 'unit.toml': 'name = "shop"\n'});
	const directory = await runCli(['check', '--config', 'conf'], {cwd});
	t.is(directory.exitCode, 78);
	t.is(directory.stderr, `sidecar: unable to read config ${cwd}/conf: is a directory, expected a file`);
	const toml = await runCli(['run', '--config', 'unit.toml', '--', 'true'], {cwd});
	t.is(toml.exitCode, 78);
	t.is(toml.stderr, `sidecar: unable to load config ${cwd}/unit.toml: unknown extension ".toml", expected one of .ts, .mts, .js, .mjs, .cjs, .json, .yaml, .yml, or none (YAML)`);
});

test('a TS config imports its helpers relative to itself, and import.meta describes the config file', async t => {
	const cwd = makeProject(t, {
		'sidecar.config.ts': [
			'import {defineConfig} from \'sidecar\';',
			'import {shopName} from \'./lib/names.js\';',
			'const {port} = await import(\'./lib/port.mjs\');',
			'export default defineConfig({name: shopName, main: {command: [\'node\', String(port), import.meta.filename, import.meta.dirname, import.meta.url]}});',
		].join('\n'),
		'lib/names.js': 'export const shopName = "helped";\n',
		'lib/port.mjs': 'export const port = 8080;\n',
		'package.json': JSON.stringify({name: 'shop', type: 'module'}),
	});
	const before = readdirSync(cwd);
	const {exitCode, stdout, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 0, stderr);
	const config = JSON.parse(stdout);
	t.is(config.name, 'helped');
	t.deepEqual(config.main.command, ['node', '8080', `${cwd}/sidecar.config.ts`, cwd, `file://${cwd}/sidecar.config.ts`]);
	t.deepEqual(readdirSync(cwd), before, 'nothing is written beside the config');
});

test('a TS config resolves packages from its own node_modules', async t => {
	const cwd = makeProject(t, {
		'sidecar.config.ts': 'import {port} from \'shop-ports\';\nexport default {name: \'pkg\', main: {command: [\'node\', String(port)]}};\n',
		'node_modules/shop-ports/package.json': JSON.stringify({name: 'shop-ports', type: 'module', exports: './index.js'}),
		'node_modules/shop-ports/index.js': 'export const port = 9090;\n',
	});
	const {exitCode, stdout, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 0, stderr);
	t.deepEqual(JSON.parse(stdout).main.command, ['node', '9090']);
});

test('an edited TS config is seen by the next load (`sidecar reload`), an unchanged one reuses its compiled text', async t => {
	const {loadConfig} = await import('../../lib/config/load.js');
	const cwd = makeProject(t, {'sidecar.config.ts': 'export default {name: \'first\' as string};\n'});
	t.like((await loadConfig(undefined, cwd)).input, {name: 'first'});
	writeFileSync(path.join(cwd, 'sidecar.config.ts'), 'export default {name: \'second\' as string};\n');
	t.like((await loadConfig(undefined, cwd)).input, {name: 'second'});
});

test('a TS config reached through a symbolic link imports its helpers from where it really is', async t => {
	const cwd = makeProject(t, {
		'shared/sidecar.config.ts': 'import {unitName} from \'./names.js\';\nexport default {name: unitName as string, main: {command: [\'node\', \'a.js\']}};\n',
		'shared/names.js': 'export const unitName = "linked";\n',
		'shared/package.json': JSON.stringify({type: 'module'}),
	});
	mkdirSync(path.join(cwd, 'app'));
	symlinkSync('../shared/sidecar.config.ts', path.join(cwd, 'app/sidecar.config.ts'));
	const {exitCode, stdout, stderr} = await runCli(['check'], {cwd: path.join(cwd, 'app')});
	t.is(exitCode, 0, stderr);
	t.like(JSON.parse(stdout), {name: 'linked', directory: path.join(cwd, 'app')});
});

test('a config that is a symbolic link to nothing is an error, not a unit without config', async t => {
	const cwd = makeProject(t, {'.sidecarrc.json': JSON.stringify({main: {command: touchStarted}})});
	symlinkSync('/etc/app/sidecar.config.yaml', path.join(cwd, 'sidecar.config.yaml'));
	for (const command of ['check', 'run']) {
		const {exitCode, stderr} = await runCli([command], {cwd});
		t.is(exitCode, 78, command);
		t.is(stderr, `sidecar: unable to read config ${cwd}/sidecar.config.yaml: a symbolic link to a missing file`, command);
	}

	t.false(existsSync(path.join(cwd, 'started')));
});

test('a reload whose config has a syntax error is rejected with the parser\'s position, and nothing changes', async t => {
	const config = {name: uniqueName('reload-syntax'), main: {command: fixture('forever.js')}, sidecars: {a: {command: fixture('forever.js')}}};
	const unit = await startUnit(t, config);
	await waitAllReady(unit);
	const before = await unit.pids();
	const broken = JSON.stringify(config).replace('"sidecars":', '"sidecars"'); // V8: "Unexpected token '{'", quoting the text around it.
	writeFileSync(path.join(unit.cwd, 'sidecar.config.json'), broken);
	// By name: the broken file cannot tell the control command which unit it belongs to.
	const reload = await unit.cli(['reload', '--name', config.name]);
	t.is(reload.exitCode, 78, reload.stderr);
	t.regex(reload.stderr, new RegExp(`^sidecar: unable to load config ${unit.cwd}/sidecar\\.config\\.json: Unexpected token '{' \\(line 1, column ${broken.indexOf('"sidecars"{') + 11}\\)$`));
	t.deepEqual(await unit.pids(), before);
});

// A project directory that `nobody` may read and enter but not write, as a root-owned /etc/app is for a service.
function readOnlyProject(t: ExecutionContext, files: Record<string, string>): string {
	const cwd = makeProject(t, files);
	for (const directory of [cwd, ...Object.keys(files).map(file => path.dirname(path.join(cwd, file)))]) {
		chmodSync(directory, 0o755);
	}

	return cwd;
}

// A private TMPDIR (compile cache) and runtime dir (control socket) that belong to `nobody`.
function nobodyHome(t: ExecutionContext): Record<string, string> {
	const home = mkdtempSync(path.join(os.tmpdir(), 'sidecar-nobody-'));
	t.teardown(() => rmSync(home, {recursive: true, force: true}));
	chmodSync(home, 0o755);
	for (const name of ['tmp', 'run']) {
		mkdirSync(path.join(home, name), {mode: 0o700});
		chownSync(path.join(home, name), NOBODY.uid, NOBODY.gid);
	}

	return {TMPDIR: path.join(home, 'tmp'), XDG_RUNTIME_DIR: path.join(home, 'run')};
}

// The CLI as `nobody` (setpriv, util-linux), with colours off and the Node-noise check of runCli.
async function runAsNobody(t: ExecutionContext, args: string[], cwd: string) {
	const env: Record<string, string> = {...nobodyHome(t), NO_COLOR: '1', FORCE_COLOR: '0'};
	const result = await execa('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, BIN, ...args], {cwd, env, reject: false, timeout: 60_000});
	const stderr = stripAnsi(String(result.stderr));
	assertNoNodeNoise(stderr);
	return {exitCode: result.exitCode, stdout: stripAnsi(String(result.stdout)), stderr, env};
}

const typedConfig = (command: string[]) => [
	'import {defineConfig} from \'sidecar\';',
	'import {unitName} from \'./helpers.js\';',
	`export default defineConfig({name: unitName, main: {command: ${JSON.stringify(command)}}});`,
].join('\n');

asNobody('a TS config in a directory the supervisor cannot write loads (check and run as nobody)', async t => {
	const cwd = readOnlyProject(t, {
		'sidecar.config.ts': typedConfig(fixture('exit.js', '7')),
		'helpers.js': 'export const unitName = `etc-app-${process.pid}`;\n',
		'package.json': JSON.stringify({type: 'module'}),
	});
	const check = await runAsNobody(t, ['check'], cwd);
	t.is(check.exitCode, 0, check.stderr);
	t.regex(JSON.parse(check.stdout).name, /^etc-app-\d+$/);
	// Main's own exit code proves the unit ran the config's main (no config: 78, main.command missing).
	const run = await runAsNobody(t, ['run'], cwd);
	t.is(run.exitCode, 7, run.stderr);
	t.regex(run.stdout, /main exited .*code 7/);
	t.true(readdirSync(path.join(run.env.TMPDIR!, 'sidecar-65534', 'ts-cache')).some(file => file.endsWith('.json')), 'compiled into nobody\'s own cache');
});

asNobody('a config file the supervisor cannot read is an error, not a unit without config', async t => {
	const cwd = readOnlyProject(t, {
		'sidecar.config.yaml': 'name: secret\nmain:\n  command: [touch, started]\n',
		'.sidecarrc.json': JSON.stringify({main: {command: touchStarted}}),
	});
	chmodSync(path.join(cwd, 'sidecar.config.yaml'), 0o000);
	for (const command of ['check', 'run']) {
		const {exitCode, stderr} = await runAsNobody(t, [command], cwd);
		t.is(exitCode, 78, command);
		t.is(stderr, `sidecar: unable to read config ${cwd}/sidecar.config.yaml: permission denied`, command);
	}

	t.false(existsSync(path.join(cwd, 'started')));
});

asRoot('a compile cache that another user may write is not trusted', async t => {
	const {compileTypeScript} = await import('../../lib/config/compile-typescript.js');
	const parent = makeProject(t);
	const cache = path.join(parent, 'ts-cache');
	const content = 'export default {name: \'real\' as string};\n';
	const first = await compileTypeScript(content, cache);
	const [entry] = readdirSync(cache);
	t.truthy(entry, 'compiled once and cached');
	// Planted by someone else: used while the directory is private, ignored once others may write it.
	writeFileSync(path.join(cache, entry!), JSON.stringify({code: 'export default {name: \'planted\'};', links: []}));
	t.regex((await compileTypeScript(content, cache)).code, /planted/);
	chmodSync(cache, 0o777);
	t.deepEqual(await compileTypeScript(content, cache), first);
	chmodSync(cache, 0o700);
	chownSync(cache, NOBODY.uid, NOBODY.gid);
	t.deepEqual(await compileTypeScript(content, cache), first);
});

test('a compile cache entry that is not one (truncated, foreign) is compiled again', async t => {
	const {compileTypeScript} = await import('../../lib/config/compile-typescript.js');
	const cache = path.join(makeProject(t), 'ts-cache');
	const content = 'export default {name: \'real\' as string};\n';
	const first = await compileTypeScript(content, cache);
	const [entry] = readdirSync(cache);
	for (const planted of ['{"code": "export default {', '{}', '[]']) {
		writeFileSync(path.join(cache, entry!), planted);
		t.deepEqual(await compileTypeScript(content, cache), first, planted);
	}
});

test('a compile cache that cannot be written only costs time', async t => {
	const {compileTypeScript} = await import('../../lib/config/compile-typescript.js');
	const compiled = await compileTypeScript('export default {name: \'x\' as string};\n', '/dev/null/ts-cache');
	t.regex(compiled.code, /export default \{name: 'x' *\};/);
});
