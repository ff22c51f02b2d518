import path from 'node:path';
import test from 'ava';
import {interpolateConfig} from '../../lib/config/interpolate.js';
import {resolveConfig} from '../../lib/config/resolve.js';
import {ConfigError} from '../../lib/errors.js';
import {makeProject} from '../helpers/project.js';

const issuesOf = (run: () => unknown): string[] => {
	try {
		run();
	} catch (error) {
		if (error instanceof ConfigError) {
			return error.message.split('\n');
		}

		throw error;
	}

	return [];
};

test('unit files < the process\'s files < env < --env, each key with its source', t => {
	const cwd = makeProject(t, {
		'unit.env': 'A=unit\nB=unit\nC=unit\nD=unit\n',
		'own.env': '# a comment\nexport B=own\nC=\'own\' # trailing comment\nD=own\n',
	});
	const config = resolveConfig({envFile: 'unit.env', main: {command: 'a', envFile: ['own.env'], env: {C: 'env', D: 'env'}}}, cwd, null, {D: 'cli'});
	const {main} = config;
	t.deepEqual({...main.fileEnv, ...main.env}, {A: 'unit', B: 'own', C: 'env', D: 'cli'});
	t.deepEqual(main.envSources, {A: path.join(cwd, 'unit.env'), B: path.join(cwd, 'own.env'), C: 'env', D: '--env'});
	t.deepEqual(main.envFiles.map(file => path.basename(file.path)), ['unit.env', 'own.env']);
});

test('a quoted value may span lines', t => {
	const cwd = makeProject(t, {'.env': 'KEY="-----BEGIN KEY-----\nabc\n-----END KEY-----"\nNEXT=1\n'});
	const {main} = resolveConfig({main: {command: 'a', envFile: '.env'}}, cwd);
	t.deepEqual(main.fileEnv, {KEY: '-----BEGIN KEY-----\nabc\n-----END KEY-----', NEXT: '1'});
});

test('a "-" path may be missing; a missing required file is a config error naming it', t => {
	const cwd = makeProject(t, {'.env': 'A=1\n'});
	t.deepEqual(resolveConfig({main: {command: 'a', envFile: ['-absent.env', '.env']}}, cwd).main.fileEnv, {A: '1'});
	t.deepEqual(issuesOf(() => resolveConfig({envFile: 'absent.env', main: {command: 'a'}}, cwd)), [
		`envFile: got "${path.join(cwd, 'absent.env')}", expected a readable env file (no such file); a "-" before the path makes it optional`,
	]);
	t.deepEqual(issuesOf(() => resolveConfig({main: {command: 'a', envFile: 7}}, cwd)), [
		'main.envFile: got 7, expected a file path or an array of them, like ".env" or [".env", "-.env.local"]',
	]);
});

test('a bad env value is named by its key, never shown', t => {
	t.deepEqual(issuesOf(() => resolveConfig({main: {command: 'a', env: {TOKEN: 12_345}}}, '/tmp')), [
		'main.env.TOKEN: got "(a number)", expected a string (values are not shown: they may be secrets)',
	]);
});

test('${VAR} and ${VAR:-default} are replaced in every string; $${ is a literal ${', t => {
	const input = {main: {command: ['app', '--db', '${DB_URL}', '${PORT:-8080}', '${EMPTY:-fallback}', '$${HOME}'], env: {A: 'x${DB_URL}y'}}};
	t.deepEqual(interpolateConfig(input, {DB_URL: 'postgres://db', EMPTY: ''}), {
		main: {command: ['app', '--db', 'postgres://db', '8080', 'fallback', '${HOME}'], env: {A: 'xpostgres://dby'}},
	});
});

test('an unset ${VAR} with no default is a config error naming the path', t => {
	t.deepEqual(issuesOf(() => interpolateConfig({sidecars: {db: {command: ['x', '${NOPE}']}}}, {})), [
		'sidecars.db.command[1]: got "${NOPE}", expected NOPE to be set in the environment, or a default: ${NOPE:-value}',
	]);
});

test('braces that are not a variable reference are left alone: a template literal in `node -e`, a shell expansion', t => {
	const command = ['node', '-e', 'console.log(`line ${++n} ${"y".repeat(2)}`)', '${#x} ${1}'];
	t.deepEqual(interpolateConfig({main: {command}}, {}), {main: {command}});
});
