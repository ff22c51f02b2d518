import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {colorLevel, detectColorLevel, type ColorLevel} from '../../lib/logs/colors.js';
import {BIN, stripAnsi} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';

const levelIs = test.macro((t, env: NodeJS.ProcessEnv, detected: ColorLevel, expected: ColorLevel) => {
	t.is(colorLevel(env, detected), expected);
});

test('a non-empty NO_COLOR turns colour off', levelIs, {NO_COLOR: '1'}, 2, 0);
test('an empty NO_COLOR is as if unset (no-color.org)', levelIs, {NO_COLOR: ''}, 2, 2);
test('FORCE_COLOR wins over NO_COLOR', levelIs, {NO_COLOR: '1', FORCE_COLOR: '1'}, 1, 1);
test('an empty FORCE_COLOR does not win over NO_COLOR', levelIs, {NO_COLOR: '1', FORCE_COLOR: ''}, 1, 0);
test('without either, the detected level stands', levelIs, {}, 3, 3);

const detects = test.macro((t, env: NodeJS.ProcessEnv, isTerminal: boolean, expected: ColorLevel) => {
	t.is(detectColorLevel(env, isTerminal), expected);
});

test('a pipe or a file gets no colour', detects, {TERM: 'xterm-256color'}, false, 0);
test('FORCE_COLOR colours a pipe, at the level it names', detects, {FORCE_COLOR: '2'}, false, 2);
test('FORCE_COLOR=0 turns a terminal\'s colour off', detects, {FORCE_COLOR: '0', TERM: 'xterm-256color'}, true, 0);
test('a 256-colour terminal', detects, {TERM: 'xterm-256color'}, true, 2);
test('a dumb terminal gets none', detects, {TERM: 'dumb'}, true, 0);
test('an empty NO_COLOR does not count as set here (colorLevel reads NO_COLOR)', detects, {NO_COLOR: '', TERM: 'xterm-256color'}, true, 2);

test('NO_COLOR and FORCE_COLOR together print no Node warning', t => {
	const {stderr, status} = spawnSync(process.execPath, [BIN, 'version'], {env: {...process.env, NO_COLOR: '1', FORCE_COLOR: '1'}, encoding: 'utf8'});
	t.is(status, 0);
	t.is(stderr, '');
});

// eslint-disable-next-line no-control-regex
const ANSI = /\u001B\[[\d;]*m/;
const hasScript = spawnSync('script', ['--version']).status === 0;

// `sidecar run` on a real pseudo-terminal (util-linux `script`), with the detection's other inputs pinned:
// a colour terminal, no CI variables. `extra` sets NO_COLOR and FORCE_COLOR.
async function runOnTerminal(t: Parameters<typeof makeProject>[0], extra: Record<string, string>): Promise<string> {
	const cwd = makeProject(t);
	const command = `${process.execPath} ${BIN} run -- sh -c 'echo hi'`;
	const {stdout, exitCode} = await execa('script', ['-qec', command, '/dev/null'], {
		cwd,
		reject: false,
		timeout: 30_000,
		env: {TERM: 'xterm-256color', NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined, COLORTERM: undefined, XDG_RUNTIME_DIR: '', ...extra},
	});
	t.is(exitCode, 0, stdout);
	t.regex(stripAnsi(stdout), /main +\| hi/);
	return stdout;
}

const terminal = hasScript ? test : test.skip;

terminal('on a terminal, output is coloured by default', async t => {
	t.regex(await runOnTerminal(t, {}), ANSI);
});

terminal('on a terminal, NO_COLOR=1 prints no escape codes', async t => {
	t.notRegex(await runOnTerminal(t, {NO_COLOR: '1'}), ANSI);
});

terminal('on a terminal, FORCE_COLOR=1 wins over NO_COLOR=1', async t => {
	t.regex(await runOnTerminal(t, {NO_COLOR: '1', FORCE_COLOR: '1'}), ANSI);
});

terminal('on a terminal, FORCE_COLOR=0 turns colour off', async t => {
	t.notRegex(await runOnTerminal(t, {FORCE_COLOR: '0'}), ANSI);
});

// A shell line on a real pseudo-terminal, as `runOnTerminal` runs one; `script` prints what reached the terminal.
async function onTerminal(cwd: string, line: string): Promise<string> {
	const {stdout} = await execa('script', ['-qec', line, '/dev/null'], {
		cwd,
		reject: false,
		timeout: 30_000,
		env: {TERM: 'xterm-256color', NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined, COLORTERM: undefined, XDG_RUNTIME_DIR: ''},
	});
	return stdout;
}

terminal('stderr redirected to a file gets no escape codes, though stdout is a terminal', async t => {
	const cwd = makeProject(t);
	await onTerminal(cwd, `${process.execPath} ${BIN} stauts 2>err.txt`);
	const written = readFileSync(path.join(cwd, 'err.txt'), 'utf8');
	t.regex(written, /^sidecar: unknown command "stauts"/);
	t.notRegex(written, ANSI);
});

terminal('stderr on a terminal is coloured, though stdout is a file', async t => {
	const cwd = makeProject(t);
	const shown = await onTerminal(cwd, `${process.execPath} ${BIN} stauts >out.txt`);
	t.regex(stripAnsi(shown), /sidecar: unknown command "stauts"/);
	t.regex(shown, ANSI);
});
