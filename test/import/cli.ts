import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';

const procfile = 'web: node server.js -p $PORT\nworker: bundle exec sidekiq -e ${RAILS_ENV}\n# the clock\nclock: bin/clock\n';
const ecosystem = 'module.exports = {apps: [{name: "api", script: "api.js", env: {A: "1"}, env_production: {A: "2"}}, {name: "worker", script: "worker.js", instances: 2, autorestart: false}], deploy: {production: {}}};\n';

test('import Procfile writes sidecar.config.ts that passes check, and prints a line per source key', async t => {
	const cwd = makeProject(t, {'package.json': {type: 'module'}, Procfile: procfile});
	const {exitCode, stdout} = await runCli(['import', 'Procfile'], {cwd});
	t.is(exitCode, 0);
	t.regex(stdout, /^web: mapped$/m);
	t.regex(stdout, /^worker: approximated \(foreman stops all/m);
	t.regex(stdout, /^line 3 \(comment\): mapped$/m);
	t.regex(stdout, /^wrote sidecar\.config\.ts \(2 mapped, 2 approximated, 0 dropped\)$/m);
	const written = readFileSync(path.join(cwd, 'sidecar.config.ts'), 'utf8');
	t.regex(written, /\t\t\/\/ the clock\n\t\tclock: \{/);
	t.is((await runCli(['check'], {cwd})).exitCode, 0);
});

test('a TypeScript config in a CommonJS package is written as sidecar.config.mts', async t => {
	const cwd = makeProject(t, {'package.json': {}, Procfile: procfile});
	t.is((await runCli(['import', 'Procfile'], {cwd})).exitCode, 0);
	t.true(existsSync(path.join(cwd, 'sidecar.config.mts')));
	t.is((await runCli(['check'], {cwd})).exitCode, 0);
});

test('--format yaml keeps the comments, escapes ${VAR} from interpolation, and passes check', async t => {
	const cwd = makeProject(t, {Procfile: procfile});
	t.is((await runCli(['import', 'Procfile', '--format', 'yaml'], {cwd})).exitCode, 0);
	const written = readFileSync(path.join(cwd, 'sidecar.config.yaml'), 'utf8');
	t.regex(written, /# the clock\n {2}clock:/);
	t.regex(written, /\$\$\{RAILS_ENV\}/);
	const {exitCode, stdout} = await runCli(['check'], {cwd});
	t.is(exitCode, 0);
	t.regex(stdout, /sidekiq -e \$\{RAILS_ENV\}/, 'the shell gets ${RAILS_ENV} back');
});

test('--out x.json writes JSON, and the comments it cannot hold are printed with the report', async t => {
	const cwd = makeProject(t, {Procfile: procfile});
	const {exitCode, stdout} = await runCli(['import', 'Procfile', '--out', 'x.json'], {cwd});
	t.is(exitCode, 0);
	t.regex(stdout, /^note for sidecars\.clock: the clock$/m);
	t.is((JSON.parse(readFileSync(path.join(cwd, 'x.json'), 'utf8')) as {main: {command: string}}).main.command, 'node server.js -p $PORT');
	t.is((await runCli(['check', '--config', 'x.json'], {cwd})).exitCode, 0);
});

test('--report json prints one object with the report and the comments', async t => {
	const cwd = makeProject(t, {'package.json': {type: 'module'}, 'ecosystem.config.cjs': ecosystem});
	const {exitCode, stdout} = await runCli(['import', 'ecosystem.config.cjs', '--report', 'json', '--env', 'production'], {cwd});
	t.is(exitCode, 0);
	const report = JSON.parse(stdout) as {from: string; report: Array<{path: string; result: string}>; comments: Record<string, string>};
	t.is(report.from, 'pm2');
	t.deepEqual(report.report.find(line => line.path === 'deploy')?.result, 'dropped');
	t.deepEqual(report.report.find(line => line.path === 'ecosystem.config.cjs')?.result, 'approximated', 'the report says the file was executed');
	t.true(Object.keys(report.comments).length > 0);
	const written = readFileSync(path.join(cwd, 'sidecar.config.ts'), 'utf8');
	t.regex(written, /A: '2'/, '--env production applies env_production over env');
	t.is((await runCli(['check'], {cwd})).exitCode, 0);
});

test('a config written in another directory runs the commands where the source is', async t => {
	const cwd = makeProject(t, {'app/Procfile': procfile, 'package.json': {type: 'module'}});
	t.is((await runCli(['import', 'app/Procfile'], {cwd})).exitCode, 0);
	const written = readFileSync(path.join(cwd, 'sidecar.config.ts'), 'utf8');
	t.regex(written, /envFile: '-app\/\.env'/);
	t.regex(written, /command: 'node server\.js -p \$PORT',\n\t\tcwd: 'app',/);
});

test('an .mjs ecosystem file is imported as an ES module and its computed values written', async t => {
	const cwd = makeProject(t, {'ecosystem.config.mjs': 'export default {apps: [{name: "m", script: "m.js", env: {FROM: process.env.IMPORT_TEST ?? "unset"}}]};\n'});
	const {exitCode, stdout} = await runCli(['import', 'ecosystem.config.mjs', '--out', 'sidecar.config.yaml'], {cwd, env: {IMPORT_TEST: 'now'}});
	t.is(exitCode, 0);
	t.regex(stdout, /^ecosystem\.config\.mjs: approximated \(executed with Node/m);
	const written = readFileSync(path.join(cwd, 'sidecar.config.yaml'), 'utf8');
	t.regex(written, /command: \[node, m\.js\]/);
	t.regex(written, /FROM: now/);
});

const fails = test.macro(async (t, files: Record<string, string | object>, args: string[], code: number, message: RegExp) => {
	const cwd = makeProject(t, files);
	const {exitCode, stderr} = await runCli(['import', ...args], {cwd});
	t.is(exitCode, code);
	t.regex(stderr, message);
});

test('a file that does not parse exits 65 with FILE:LINE:COLUMN', fails, {'ecosystem.json': '{"apps": [{"name": "x",, "script": "a.js"}]}\n'}, ['ecosystem.json'], 65, /^sidecar: ecosystem\.json:1:24: /m);
test('a JavaScript ecosystem file that throws exits 65 at the throwing line', fails, {'ecosystem.config.cjs': 'module.exports = {\n  apps: [{script: missing.js}]\n};\n'}, ['ecosystem.config.cjs'], 65, /ecosystem\.config\.cjs:2:19: unable to evaluate: ReferenceError: missing is not defined/);
test('--strict exits 65 and writes nothing when anything was approximated or dropped', fails, {Procfile: procfile}, ['Procfile', '--strict'], 65, /import --strict: 2 approximated, 0 dropped: nothing written/);
test('an existing config is not overwritten without --force (exit 73)', fails, {Procfile: procfile, 'sidecar.config.yaml': 'main: {}\n'}, ['Procfile', '--format', 'yaml'], 73, /unable to write sidecar\.config\.yaml: it exists \(--force overwrites it\)/);
test('a config that cannot be written is one line, exit 74', fails, {Procfile: procfile}, ['Procfile', '--out', 'missing/dir/x.yaml'], 74, /unable to write missing\/dir\/x\.yaml: ENOENT/);
test('a file that cannot be read exits 66', fails, {}, ['Procfile'], 66, /unable to read Procfile: ENOENT/);
test('a file whose format cannot be told is a usage error naming --from', fails, {'notes.txt': 'hello world\n'}, ['notes.txt'], 64, /give --from procfile, pm2, compose or process-compose/);
test('--main naming no process is a usage error listing them', fails, {Procfile: procfile}, ['Procfile', '--main', 'db'], 64, /--main got "db", expected a process of the Procfile: web, worker, clock/);

test('--force overwrites', async t => {
	const cwd = makeProject(t, {Procfile: procfile, 'sidecar.config.yaml': 'main: {}\n'});
	t.is((await runCli(['import', 'Procfile', '--format', 'yaml', '--force'], {cwd})).exitCode, 0);
	t.regex(readFileSync(path.join(cwd, 'sidecar.config.yaml'), 'utf8'), /node server\.js/);
});
