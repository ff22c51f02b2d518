import {readFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';

const esm = {'package.json': {type: 'module'}};

test('init writes a commented sidecar.config.ts that passes check', async t => {
	const cwd = makeProject(t, esm);
	const init = await runCli(['init'], {cwd});
	t.is(init.exitCode, 0);
	const check = await runCli(['check'], {cwd});
	t.is(check.exitCode, 0, check.stderr);
	t.deepEqual(JSON.parse(check.stdout).main.command, ['node', 'server.js']);
});

test('init never overwrites a config', async t => {
	const cwd = makeProject(t, {...esm, 'sidecar.config.ts': 'keep me'});
	const {exitCode, stderr} = await runCli(['init'], {cwd});
	t.is(exitCode, 1);
	t.regex(stderr, /unable to write .*sidecar\.config\.ts: it exists already/);
});

test('an unknown command or option is a usage error', async t => {
	t.is((await runCli(['frobnicate'])).exitCode, 64);
	const {exitCode, stderr} = await runCli(['run', '--frob']);
	t.is(exitCode, 64);
	t.regex(stderr, /run: unknown option --frob \(see `sidecar help run`\)/);
});

const writesFormat = test.macro(async (t, format: string, file: string, schemaLine: RegExp) => {
	const cwd = makeProject(t, esm);
	const init = await runCli(['init', '--format', format], {cwd});
	t.is(init.exitCode, 0, init.stderr);
	t.is(init.stdout.trim(), `wrote ${cwd}/${file}`);
	t.regex(readFileSync(`${cwd}/${file}`, 'utf8'), schemaLine);
	const check = await runCli(['check'], {cwd});
	t.is(check.exitCode, 0, check.stderr);
	t.is(JSON.parse(check.stdout).file, `${cwd}/${file}`);
	t.deepEqual(JSON.parse(check.stdout).main.command, ['node', 'server.js']);
});

test('init --format json writes sidecar.config.json naming the schema', writesFormat, 'json', 'sidecar.config.json', /^\t"\$schema": "\.\/node_modules\/sidecar\/schema\.json",$/m);
test('init --format yaml writes sidecar.config.yaml naming the schema for the YAML language server', writesFormat, 'yaml', 'sidecar.config.yaml', /^# yaml-language-server: \$schema=\.\/node_modules\/sidecar\/schema\.json$/m);
test('init --format ts writes sidecar.config.ts with defineConfig', writesFormat, 'ts', 'sidecar.config.ts', /^import {defineConfig} from 'sidecar';$/m);

test('init never writes a second config beside another one', async t => {
	const cwd = makeProject(t, {'sidecar.config.ts': 'keep me'});
	const {exitCode, stderr} = await runCli(['init', '--format', 'yaml'], {cwd});
	t.is(exitCode, 1);
	t.is(stderr.trim(), `sidecar: unable to write ${cwd}/sidecar.config.yaml: ${cwd}/sidecar.config.ts is a config already`);
	t.throws(() => readFileSync(`${cwd}/sidecar.config.yaml`));
});

test('init --format with an unknown format is a usage error', async t => {
	const {exitCode, stderr} = await runCli(['init', '--format', 'toml'], {cwd: makeProject(t)});
	t.is(exitCode, 64);
	t.regex(stderr, /init: --format got "toml", expected one of ts, json, yaml/);
});

// In a CommonJS package (npm's default), `import`/`export` in a .ts file fail the user's tsc (TS1295); a .mts file is
// an ES module anywhere. The config type-checks in both: test/cli/package.ts runs tsc on each against the installed package.
const writesTypeScriptAs = test.macro(async (t, files: Record<string, string | object>, written: string, at?: string) => {
	const cwd = path.join(makeProject(t, files), at ?? '.');
	const init = await runCli(['init'], {cwd});
	t.is(init.exitCode, 0, init.stderr);
	t.is(init.stdout.trim(), `wrote ${cwd}/${written}`);
	t.regex(readFileSync(`${cwd}/${written}`, 'utf8'), /^import {defineConfig} from 'sidecar';$/m);
	const check = await runCli(['check'], {cwd});
	t.is(check.exitCode, 0, check.stderr);
	t.is(JSON.parse(check.stdout).file, `${cwd}/${written}`);
});

test('init writes sidecar.config.mts in a package with "type": "commonjs"', writesTypeScriptAs, {'package.json': {type: 'commonjs'}}, 'sidecar.config.mts');
test('init writes sidecar.config.mts in a package with no "type"', writesTypeScriptAs, {'package.json': {name: 'shop'}}, 'sidecar.config.mts');
test('init writes sidecar.config.ts in an ES-module package', writesTypeScriptAs, esm, 'sidecar.config.ts');
test('the nearest package.json decides, as for Node', writesTypeScriptAs, {'package.json': {type: 'module'}, 'app/package.json': {}}, 'sidecar.config.mts', 'app');
test('a folder inside an ES-module package is one too', writesTypeScriptAs, {'package.json': {type: 'module'}, 'app/.keep': ''}, 'sidecar.config.ts', 'app');
