import {existsSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';

const config = {main: {command: ['node', '-e', '']}};

test('run with no config says where it looked and the two ways forward', async t => {
	const cwd = makeProject(t);
	const {exitCode, stderr} = await runCli(['run'], {cwd});
	t.is(exitCode, 78);
	t.deepEqual(stderr.trim().split('\n'), [
		`sidecar: unable to find a config in ${cwd}: looked for sidecar.config.{ts,mts,js,mjs,cjs,json,yaml,yml}, .sidecarrc{,.json,.yaml,.yml,.js,.ts} or a "sidecar" key in package.json`,
		'sidecar: write one with `sidecar init`, or name the command to run: `sidecar run -- node app.js`',
	]);
	t.notRegex(stderr, /main\.command/);
});

test('in a subdirectory, the search names each folder up to the project root', async t => {
	const root = makeProject(t, {'package.json': {name: 'shop'}});
	const cwd = path.join(root, 'app', 'src');
	mkdirSync(cwd, {recursive: true});
	const {exitCode, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 78);
	t.regex(stderr, new RegExp(`unable to find a config in ${cwd} or its parents up to ${root}: looked for`));
});

test('a config is found from a subdirectory of the project, and names the unit after the project', async t => {
	const root = makeProject(t, {'package.json': {name: 'shop'}, 'sidecar.config.json': config});
	const cwd = path.join(root, 'app', 'src');
	mkdirSync(cwd, {recursive: true});
	const {exitCode, stdout, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 0, stderr);
	const resolved = JSON.parse(stdout);
	t.is(resolved.file, path.join(root, 'sidecar.config.json'));
	t.is(resolved.name, path.basename(root));
	t.is(resolved.main.cwd, root);
});

test('the nearest config wins', async t => {
	const root = makeProject(t, {'.git/HEAD': 'ref: refs/heads/main\n', 'sidecar.config.json': {...config, name: 'outer'}, 'app/sidecar.config.yaml': 'name: inner\nmain: {command: "true"}\n'});
	const {stdout} = await runCli(['check'], {cwd: path.join(root, 'app')});
	t.is(JSON.parse(stdout).name, 'inner');
});

test('the search stops at the project root: a config above it is not used', async t => {
	const outer = makeProject(t, {'sidecar.config.json': {...config, name: 'outer'}, 'project/package.json': {name: 'project'}});
	const cwd = path.join(outer, 'project');
	const {exitCode, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 78);
	t.regex(stderr, new RegExp(`unable to find a config in ${cwd}:`));
});

test('outside any project only the working directory is searched', async t => {
	const outer = makeProject(t, {'sidecar.config.json': {...config, name: 'outer'}});
	const cwd = path.join(outer, 'elsewhere');
	mkdirSync(cwd);
	const {exitCode, stderr} = await runCli(['check'], {cwd});
	t.is(exitCode, 78);
	t.regex(stderr, new RegExp(`unable to find a config in ${cwd}:`));
});

test('a command after `--` runs in the working directory, also when the config is the project\'s', async t => {
	const root = makeProject(t, {'package.json': {name: 'shop'}, 'sidecar.config.json': config});
	const cwd = path.join(root, 'tools');
	mkdirSync(cwd);
	const {exitCode, stderr} = await runCli(['run', '--', 'node', '-e', 'require("fs").writeFileSync("ran-here", "")'], {cwd});
	t.is(exitCode, 0, stderr);
	t.true(existsSync(path.join(cwd, 'ran-here')));
	t.false(existsSync(path.join(root, 'ran-here')));
});
