import test from 'ava';
import {runCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {jsonLines} from '../helpers/processes.js';
import {makeProject} from '../helpers/project.js';

const SECRET = 's3cr3t-value';

const files = {
	'unit.env': `A=unit\nB=unit\nC=unit\nD=unit\nTOKEN=${SECRET}\n`,
	'web.env': 'B=web\nC=web\nD=web\nexport CERT="line one\nline two"\n',
};

// The child's own view of its environment: the "vars {...}" line print-vars.js prints.
const varsOf = (stdout: string): Record<string, string | null> => {
	const line = jsonLines(stdout).map(entry => entry.line).find(text => typeof text === 'string' && text.startsWith('vars '));
	return JSON.parse((line as string).slice(5)) as Record<string, string | null>;
};

test('a child sees unit files < its own files < env < --env, and a quoted multi-line value whole', async t => {
	const cwd = makeProject(t, {...files, 'sidecar.config.json': {
		envFile: ['unit.env', '-not-there.env'],
		main: {command: fixture('print-vars.js', 'A', 'B', 'C', 'D', 'CERT', 'TOKEN'), envFile: 'web.env', env: {C: 'env', D: 'env'}},
	}});
	const {exitCode, stdout, stderr} = await runCli(['run', '--log-format', 'json', '--env', 'D=cli'], {cwd});
	t.is(exitCode, 0, stderr);
	t.deepEqual(varsOf(stdout), {A: 'unit', B: 'web', C: 'env', D: 'cli', CERT: 'line one\nline two', TOKEN: SECRET});
	const supervisorOutput = jsonLines(stdout).filter(entry => entry.event !== undefined).map(entry => JSON.stringify(entry)).join('\n');
	t.false(supervisorOutput.includes(SECRET), 'no event carries a value');
});

test('a missing required env file is a config error naming it, and nothing starts', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {main: {command: fixture('print-vars.js', 'A'), envFile: 'secrets.env'}}});
	const {exitCode, stdout, stderr} = await runCli(['run'], {cwd});
	t.is(exitCode, 78);
	t.is(stderr.trim(), `sidecar: main.envFile: got "${cwd}/secrets.env", expected a readable env file (no such file); a "-" before the path makes it optional`);
	t.is(stdout, '');
});

test('check shows each key\'s source with its value masked', async t => {
	const cwd = makeProject(t, {...files, 'sidecar.config.json': {envFile: 'unit.env', main: {command: 'true', env: {PORT: '8080'}}}});
	const {exitCode, stdout} = await runCli(['check'], {cwd});
	t.is(exitCode, 0);
	t.false(stdout.includes(SECRET));
	t.false(stdout.includes('8080'));
	const {main} = JSON.parse(stdout) as {main: {env: Record<string, {from: string; value: string}>; fileEnv?: unknown}};
	t.deepEqual(main.env.TOKEN, {from: `${cwd}/unit.env`, value: '****'});
	t.deepEqual(main.env.PORT, {from: 'env', value: '****'});
	t.is(main.fileEnv, undefined);
});

test('--env takes KEY=VALUE; anything else is a usage error that does not echo the value', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {main: {command: 'true'}}});
	const {exitCode, stderr} = await runCli(['run', '--env', '1BAD=hunter2'], {cwd});
	t.is(exitCode, 64);
	t.is(stderr.trim(), 'sidecar: run: --env got "1BAD=…", expected KEY=VALUE (KEY: letters, digits, _; not starting with a digit)');
});

test('${VAR} in a JSON config is read from the environment; an unset one is a config error', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {main: {command: fixture('print-vars.js', 'GREETING'), env: {GREETING: '${WHO:-nobody} was here'}}}});
	const set = await runCli(['run', '--log-format', 'json'], {cwd, env: {WHO: 'ada'}});
	t.is(varsOf(set.stdout).GREETING, 'ada was here');
	const unset = makeProject(t, {'sidecar.yaml': 'main:\n  command: ["true", "${NOT_SET_ANYWHERE}"]\n'});
	const {exitCode, stderr} = await runCli(['check', '--config', 'sidecar.yaml'], {cwd: unset});
	t.is(exitCode, 78);
	t.is(stderr.trim(), 'sidecar: main.command[1]: got "${NOT_SET_ANYWHERE}", expected NOT_SET_ANYWHERE to be set in the environment, or a default: ${NOT_SET_ANYWHERE:-value}');
});
