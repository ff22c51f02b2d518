import path from 'node:path';
import test from 'ava';
import {makeProject} from '../helpers/project.js';
import {importProcfile} from '../../lib/import/procfile.js';
import {parseProcfile} from '../../lib/import/parse-procfile.js';
import {procfileConfig} from '../../lib/import/procfile.js';

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

test('every line comes back with its kind: process, comment, blank, malformed, duplicate', t => {
	const lines = parseProcfile('web: a\n# note\n\nnot a process\nweb: b\nworker:b  \n');
	t.deepEqual(lines.map(line => line.kind), ['process', 'comment', 'blank', 'malformed', 'duplicate', 'process']);
	t.deepEqual(lines[5], {kind: 'process', line: 6, name: 'worker', command: 'b', position: 1});
});

test('CRLF line ends and a byte order mark are read as foreman reads them', t => {
	t.deepEqual(parseProcfile('\uFEFFweb: a\r\nworker: b\r\n').map(line => line.kind === 'process' && line.name), ['web', 'worker']);
});

test('PORT follows foreman: 5000 + 100 × position, not set when the command sets it', t => {
	const {config} = procfileConfig(parseProcfile('worker: w\nweb: PORT=3000 puma\nclock: export PORT=1 && c\njob: echo PORT=$PORT\n'));
	const sidecars = config.sidecars as Spec;
	t.deepEqual(sidecars.worker.env, {PORT: '5000'});
	t.is((config.main as Spec).env, undefined);
	t.is(sidecars.clock.env, undefined);
	t.deepEqual(sidecars.job.env, {PORT: '5300'}, 'PORT= inside an argument is not an assignment');
});

test('release becomes a task before main; --main picks main', t => {
	const {config} = procfileConfig(parseProcfile('web: w\nworker: k\nrelease: m\n'), {main: 'worker'});
	t.is((config.main as Spec).command, 'k');
	t.like((config.sidecars as Spec).release, {command: 'm', run: 'once', start: 'before'});
});

test('-m and -p: replicas with ports from base + 100 × position', t => {
	const {config} = procfileConfig(parseProcfile('web: w\nworker: k\n'), {formation: {worker: 3}, basePort: 6000, restart: true});
	t.like((config.sidecars as Spec).worker, {replicas: {count: 3, port: {base: 6100, step: 1}}, env: {PORT: '${SIDECAR_PORT}'}, restart: 'always'});
});

test('a Procfile with no process line is an ImportError at 1:1', t => {
	const error = t.throws(() => procfileConfig(parseProcfile('# empty\n')));
	t.like(error, {line: 1, column: 1});
});

test('a .env beside the Procfile is reported; envFile -.env is written either way', async t => {
	const cwd = makeProject(t, {Procfile: 'web: w\n', '.env': 'A=1\n'});
	const imported = await importProcfile('web: w\n', {file: path.join(cwd, 'Procfile')});
	t.is(imported.config.envFile, '-.env');
	t.true(imported.report.some(line => line.path === '.env' && line.result === 'mapped'));
	const without = await importProcfile('web: w\n', {file: '/nonexistent/Procfile'});
	t.is(without.config.envFile, '-.env');
	t.false(without.report.some(line => line.path === '.env'));
});
