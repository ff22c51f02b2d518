import {readFileSync} from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import {BIN} from '../helpers/cli.js';
import {FIXTURES} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';

// The modules one CLI call loads (issue 15: start-up cost), as paths below dist/ or package names: the source modules
// in each file of the bundled command, as tsc emitted them.
async function loadedBy(t: ExecutionContext, args: string[], cwd = makeProject(t)): Promise<string[]> {
	const trace = path.join(cwd, 'trace');
	const result = await execa(process.execPath, ['--import', `${FIXTURES}trace-imports.js`, BIN, ...args], {cwd, reject: false, env: {TRACE_FILE: trace, XDG_RUNTIME_DIR: cwd}});
	t.is(result.exitCode, 0, String(result.stderr));
	return readFileSync(trace, 'utf8').trim().split('\n').flatMap(url => {
		const output = /^file:\/\/.*?\/(dist\/cli\/.*)$/.exec(url)?.[1];
		// A file of the bundled command stands for the modules it holds (tools/bundle.js writes which).
		return output === undefined ? [url] : Object.keys(bundle.outputs[output]?.inputs ?? {[output]: null});
	// A package's file by the package's name first: many packages have a dist/ of their own.
	}).map(url => url.replace(/^file:\/\/.*\/node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1').replace(/^(file:\/\/.*?\/)?dist\//, ''));
}

const bundle = JSON.parse(readFileSync(new URL('../../cli.meta.json', import.meta.url), 'utf8')) as {outputs: Record<string, {inputs: Record<string, unknown>}>};

const HELP_AND_COMPLETION = ['lib/cli/usage.js', 'lib/cli/complete-words.js', 'lib/cli/commands/completion.js', 'lib/cli/commands/complete.js'];

test('sidecar run loads no help, completion, schema or exporter code', async t => {
	const loaded = await loadedBy(t, ['run', '--', process.execPath, '-e', '']);
	t.true(loaded.includes('lib/cli/commands/run.js'));
	const unwanted = [...HELP_AND_COMPLETION, 'typescript', 'ts-json-schema-generator', 'sucrase'];
	t.deepEqual(loaded.filter(file => unwanted.includes(file) || /exporters\/|schema/.test(file)), []);
});

test('sidecar run without metrics or an http probe loads neither their code nor node:http', async t => {
	const loaded = await loadedBy(t, ['run', '--', process.execPath, '-e', '']);
	t.deepEqual(loaded.filter(file => /^lib\/metrics\/(server|prometheus|collect-metrics)\.js$|^lib\/probes\/http\.js$|^node:https?$/.test(file)), []);
});

test('sidecar run loads dotenv only for a unit with an env file, and no colour package at all', async t => {
	const plain = await loadedBy(t, ['run', '--', process.execPath, '-e', '']);
	t.false(plain.includes('dotenv'));
	t.false(plain.includes('chalk'));
	t.true(plain.includes('node:child_process'), 'Node\'s own modules are traced too');
	const cwd = makeProject(t, {'.env': 'GREETING=hi\n', 'sidecar.config.json': {main: {command: [process.execPath, '-e', ''], envFile: '.env'}}});
	t.true((await loadedBy(t, ['run'], cwd)).includes('dotenv'));
});

test('sidecar help and run --help load no supervisor code', async t => {
	for (const args of [['help'], ['run', '--help']]) {
		const loaded = await loadedBy(t, args);
		t.true(loaded.includes('lib/cli/usage.js'));
		t.deepEqual(loaded.filter(file => /supervisor\/|process\/|commands\/run\.js|cosmiconfig|execa/.test(file)), [], args.join(' '));
	}
});

test('sidecar run loads the notifications\' code only for a unit with an on entry', async t => {
	const notifier = /^lib\/notifications\/(notifier|send-notification|notification-json|notify-rate-limit)\.js$/;
	t.deepEqual((await loadedBy(t, ['run', '--', process.execPath, '-e', ''])).filter(file => notifier.test(file)), []);
	const cwd = makeProject(t, {'sidecar.config.json': {main: {command: [process.execPath, '-e', ''], on: {exit: 'true'}}}});
	t.true((await loadedBy(t, ['run'], cwd)).some(file => notifier.test(file)));
});

test('sidecar run loads cosmiconfig only for a YAML config (its js-yaml), and the YAML config works', async t => {
	t.false((await loadedBy(t, ['run', '--', process.execPath, '-e', ''])).includes('cosmiconfig'));
	const json = makeProject(t, {'sidecar.config.json': {main: {command: [process.execPath, '-e', '']}}});
	t.false((await loadedBy(t, ['run'], json)).includes('cosmiconfig'));
	const yaml = makeProject(t, {'sidecar.config.yaml': `main:\n  command: [${JSON.stringify(process.execPath)}, -e, '']\n`});
	t.true((await loadedBy(t, ['run'], yaml)).includes('cosmiconfig'));
});
