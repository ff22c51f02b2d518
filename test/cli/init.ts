import {readFileSync} from 'node:fs';
import test from 'ava';
import {runCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';

test('init writes a commented sidecar.config.ts that passes check', async t => {
	const cwd = makeProject(t);
	const init = await runCli(['init'], {cwd});
	t.is(init.exitCode, 0);
	const check = await runCli(['check'], {cwd});
	t.is(check.exitCode, 0, check.stderr);
	t.deepEqual(JSON.parse(check.stdout).main.command, ['node', 'server.js']);
});

test('init never overwrites a config', async t => {
	const cwd = makeProject(t, {'sidecar.config.ts': 'keep me'});
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
	const cwd = makeProject(t);
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
