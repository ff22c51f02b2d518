import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';

const {version} = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {version: string};

const showsHelpOf = test.macro(async (t, args: string[], command: string) => {
	const {exitCode, stdout, stderr} = await runCli(args);
	t.is(exitCode, 0, stderr);
	t.true(stdout.startsWith(`Usage: sidecar ${command}`), stdout);
	t.regex(stdout, /\nOptions:\n/);
	t.regex(stdout, /\nExamples:\n {2}sidecar /);
});

test('run --help prints the help of run', showsHelpOf, ['run', '--help'], 'run');
test('check -h prints the help of check', showsHelpOf, ['check', '-h'], 'check');
test('help run prints the help of run, not the global usage', showsHelpOf, ['help', 'run'], 'run');
test('--help after other options still prints help and runs nothing', showsHelpOf, ['run', '--name', 'x', '--help', '--', 'touch', 'ran'], 'run');

test('-h after `--` belongs to the main command', async t => {
	const {exitCode} = await runCli(['run', '--', 'sh', '-c', 'exit 5', 'sh', '-h'], {cwd: makeProject(t)});
	t.is(exitCode, 5);
});

test('a command\'s help lists each option with its default', async t => {
	const {stdout} = await runCli(['help', 'run']);
	t.regex(stdout, /^ {6}--config FILE +the config file \(default: found from the working directory up to the project root\)$/m);
	t.regex(stdout, /^ {6}--log-format pretty\|json +.+\(default: the config's logs\.format, else pretty\)$/m);
	t.regex(stdout, /^ {2}-h, --help +show this help$/m);
	t.regex(stdout, /^ {2}sidecar run -- node server\.js$/m);
	const logs = await runCli(['logs', '--help']);
	t.regex(logs.stdout, /^ {2}-n, --lines N +how many recent lines to print first \(default: 100\)$/m);
});

test('the global help names every command and how to get its help', async t => {
	for (const args of [[], ['help'], ['--help'], ['-h']]) {
		const {exitCode, stdout} = await runCli(args);
		t.is(exitCode, 0);
		t.regex(stdout, /^Usage: sidecar COMMAND/);
		for (const command of ['run', 'check', 'init', 'export', 'status', 'restart', 'scale', 'signal', 'stop', 'start', 'run-now', 'pause', 'resume', 'reload', 'logs', 'top', 'wait', 'completion']) {
			t.regex(stdout, new RegExp(`^ {2}${command} +\\S`, 'm'));
		}

		t.regex(stdout, /sidecar help COMMAND/);
	}
});

test('-V, -v, --version and version print the version', async t => {
	for (const flag of ['-V', '-v', '--version', 'version']) {
		const {exitCode, stdout} = await runCli([flag]);
		t.is(exitCode, 0, flag);
		t.is(stdout.trim(), version);
	}
});

test('a mistyped command is a usage error that suggests the nearest', async t => {
	const {exitCode, stderr} = await runCli(['stauts']);
	t.is(exitCode, 64);
	t.is(stderr.trim(), 'sidecar: unknown command "stauts"; did you mean status? (see `sidecar help`)');
	const help = await runCli(['help', 'restrat']);
	t.is(help.exitCode, 64);
	t.regex(help.stderr, /unknown command "restrat"; did you mean restart\?/);
	const far = await runCli(['frobnicate']);
	t.is(far.stderr.trim(), 'sidecar: unknown command "frobnicate" (see `sidecar help`)');
});

test('a mistyped option is a usage error that suggests the nearest', async t => {
	const {exitCode, stderr} = await runCli(['run', '--log-fromat', 'json']);
	t.is(exitCode, 64);
	t.is(stderr.trim(), 'sidecar: run: unknown option --log-fromat; did you mean --log-format? (see `sidecar help run`)');
});

test('a main command without `--` gets the command line it needs, and nothing runs', async t => {
	const cwd = makeProject(t);
	const {exitCode, stderr} = await runCli(['run', 'touch', 'ran'], {cwd});
	t.is(exitCode, 64);
	t.is(stderr.trim(), 'sidecar: run: put the main command after `--`: sidecar run -- touch ran');
	const withOptions = await runCli(['run', '--name', 'shop', 'node', 'app.js', '--port', '8080'], {cwd});
	t.is(withOptions.stderr.trim(), 'sidecar: run: put the main command after `--`: sidecar run --name shop -- node app.js --port 8080');
	t.false(existsSync(path.join(cwd, 'ran')));
});

test('a bad flag value is a usage error naming the flag, not a config error', async t => {
	const cwd = makeProject(t);
	const {exitCode, stderr} = await runCli(['run', '--log-format=jsn', '--', 'touch', 'ran'], {cwd});
	t.is(exitCode, 64);
	t.is(stderr.trim(), 'sidecar: run: --log-format got "jsn", expected one of pretty, json; did you mean json?');
	t.false(existsSync(path.join(cwd, 'ran')));
	const top = await runCli(['top', '--interval', '5'], {cwd});
	t.is(top.exitCode, 64);
	t.regex(top.stderr, /top: --interval got "5", expected a whole number of at least 100/);
	const kind = await runCli(['export', 'kubernetes', '--kind', 'job'], {cwd});
	t.is(kind.exitCode, 64);
	t.regex(kind.stderr, /export: --kind got "job", expected one of deployment, pod/);
});

test('export with no target names the targets and an example', async t => {
	const {exitCode, stderr} = await runCli(['export'], {cwd: makeProject(t)});
	t.is(exitCode, 64);
	t.is(stderr.trim(), 'sidecar: export: missing TARGET: one of systemd, kubernetes, compose (e.g. `sidecar export systemd`)');
	const typo = await runCli(['export', 'kubernets'], {cwd: makeProject(t)});
	t.regex(typo.stderr, /export: got "kubernets", expected one of systemd, kubernetes, compose; did you mean kubernetes\?/);
});

test('a missing or extra positional is a usage error with the usage line', async t => {
	const signal = await runCli(['signal', 'main']);
	t.is(signal.exitCode, 64);
	t.is(signal.stderr.trim(), 'sidecar: signal: missing NAME SIGNAL (e.g. `sidecar signal main SIGHUP`)');
	const logs = await runCli(['logs', 'a', 'b']);
	t.is(logs.exitCode, 64);
	t.regex(logs.stderr, /logs: got "a b", expected NAME \(usage: sidecar logs \[NAME\] \[options\]\)/);
	const stop = await runCli(['stop', 'a', 'b']);
	t.is(stop.exitCode, 64);
	t.regex(stop.stderr, /stop: got "a b", expected NAME \(usage: sidecar stop \[NAME\] \[options\]\)/);
	const start = await runCli(['start']);
	t.is(start.exitCode, 64);
	t.regex(start.stderr, /start: missing NAME/);
});
