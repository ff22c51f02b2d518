import {chmodSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {spawnSync} from 'node:child_process';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import {BIN, runCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {startUnit, uniqueName} from '../helpers/unit.js';

const has = (shell: string) => spawnSync(shell, ['--version']).status === 0;

// A folder with a `sidecar` command on it, as an installed package gives one: the scripts call `sidecar __complete`.
function pathWithSidecar(t: ExecutionContext): string {
	const bin = makeProject(t);
	writeFileSync(path.join(bin, 'sidecar'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
	chmodSync(path.join(bin, 'sidecar'), 0o755);
	return `${bin}:${process.env.PATH ?? ''}`;
}

// What bash offers for `sidecar WORDS...` (the last word being typed), through the script `completion bash` prints.
async function bashCompletes(t: ExecutionContext, words: string[], options: {cwd?: string; env?: Record<string, string>} = {}): Promise<string[]> {
	const {stdout: script} = await runCli(['completion', 'bash']);
	const line = ['sidecar', ...words].map(word => `'${word}'`).join(' ');
	const program = `${script}\nCOMP_WORDS=(${line}); COMP_CWORD=${words.length}; _sidecar_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
	const {stdout} = await execa('bash', ['--norc', '-c', program], {...options, env: {...options.env, PATH: pathWithSidecar(t), NO_COLOR: '1'}});
	return stdout.split('\n').filter(Boolean);
}

test('completion bash completes commands, options and choices in bash', async t => {
	t.deepEqual(await bashCompletes(t, ['stat']), ['status']);
	t.deepEqual(await bashCompletes(t, ['sta']), ['status', 'start']);
	t.deepEqual(await bashCompletes(t, ['run', '--l']), ['--log-format']);
	t.deepEqual(await bashCompletes(t, ['run', '--log-format', '']), ['pretty', 'json']);
	t.deepEqual(await bashCompletes(t, ['export', '']), ['systemd', 'kubernetes', 'compose']);
});

test('process names complete from the running unit', async t => {
	const unit = await startUnit(t, {name: uniqueName('complete'), main: {command: fixture('forever.js')}, sidecars: {logship: {command: fixture('forever.js')}, metrics: {command: fixture('forever.js')}}});
	t.deepEqual(await bashCompletes(t, ['restart', ''], {cwd: unit.cwd, env: unit.env}), ['logship', 'metrics']);
	t.deepEqual(await bashCompletes(t, ['logs', 'm'], {cwd: unit.cwd, env: unit.env}), ['main', 'metrics']);
});

test('with no unit running, names complete to nothing, quickly and silently', async t => {
	const cwd = makeProject(t);
	const {exitCode, stdout, stderr} = await runCli(['__complete', '--', 'restart', ''], {cwd, env: {XDG_RUNTIME_DIR: cwd}});
	t.is(exitCode, 0);
	t.is(stdout, '');
	t.is(stderr, '');
});

(has('fish') ? test : test.skip)('completion fish completes commands and choices in fish', async t => {
	const {stdout: script} = await runCli(['completion', 'fish']);
	const complete = async (line: string) => (await execa('fish', ['--no-config', '-c', `${script}\ncomplete -C '${line}'`], {env: {PATH: pathWithSidecar(t), NO_COLOR: '1'}})).stdout.split('\n').map(entry => entry.split('\t')[0]);
	t.deepEqual(await complete('sidecar sta'), ['start', 'status']);
	t.deepEqual(await complete('sidecar run --log-format '), ['json', 'pretty']);
});

(has('zsh') ? test : test.skip)('completion zsh is a script zsh can load', async t => {
	const {stdout: script} = await runCli(['completion', 'zsh']);
	t.regex(script, /^#compdef sidecar$/m);
	const {exitCode, stdout, stderr} = await execa('zsh', ['-f', '-c', `autoload -Uz compinit && compinit -u -D\n${script}\nprint -r -- $_comps[sidecar]`], {reject: false});
	t.is(exitCode, 0, stderr);
	t.is(stderr, '');
	t.is(stdout.trim(), '_sidecar');
});

test('completion for an unknown shell is a usage error', async t => {
	const {exitCode, stderr} = await runCli(['completion', 'powershell']);
	t.is(exitCode, 64);
	t.regex(stderr, /completion: got "powershell", expected one of bash, zsh, fish/);
});
