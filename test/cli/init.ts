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
