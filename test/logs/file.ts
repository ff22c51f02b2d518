import {existsSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {LogFile} from '../../lib/logs/file.js';
import {runCli} from '../helpers/cli.js';
import {jsonLines} from '../helpers/processes.js';
import {makeProject} from '../helpers/project.js';

const line = (index: number) => Buffer.from(`line ${String(index).padStart(4, '0')} ${'x'.repeat(20)}\n`); // 31 bytes

test('rotation keeps `keep` files of at most maxSize, newest lines in the file itself', t => {
	const file = path.join(makeProject(t), 'app.log');
	const log = new LogFile({file, maxSize: 100, keep: 2, owner: null}, () => t.fail('no error expected'));
	for (let index = 0; index < 40; index++) {
		log.write(line(index));
	}

	log.close();
	t.deepEqual([file, `${file}.1`, `${file}.2`, `${file}.3`].map(name => existsSync(name)), [true, true, true, false]);
	for (const name of [file, `${file}.1`, `${file}.2`]) {
		t.true(statSync(name).size <= 100, name);
	}

	t.true(readFileSync(file, 'utf8').endsWith(line(39).toString()));
	t.true(readFileSync(`${file}.1`, 'utf8').endsWith(line(38).toString()));
});

test('keep 0 truncates instead of keeping old files', t => {
	const file = path.join(makeProject(t), 'app.log');
	const log = new LogFile({file, maxSize: 100, keep: 0, owner: null}, () => t.fail('no error expected'));
	for (let index = 0; index < 10; index++) {
		log.write(line(index));
	}

	log.close();
	t.false(existsSync(`${file}.1`));
	t.true(statSync(file).size <= 100);
});

test('a full disk is reported once, however many writes fail', t => {
	const errors: string[] = [];
	const log = new LogFile({file: '/dev/full', maxSize: 1 << 20, keep: 1, owner: null}, error => errors.push(error.code ?? ''));
	for (let index = 0; index < 20; index++) {
		log.write(line(index));
	}

	log.close();
	t.deepEqual(errors, ['ENOSPC']);
});

const printLines = (count: number) => [process.execPath, '-e', `for (let i = 0; i < ${count}; i++) console.log('hello ' + i); console.error('oops')`];

test('the file gets exactly the console\'s lines, without colours', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {name: `logfile-${process.pid}`, main: {command: printLines(3), logs: {file: 'logs/main.log'}}}});
	const {exitCode, stdout} = await runCli(['run'], {cwd, env: {FORCE_COLOR: '1', NO_COLOR: undefined}});
	t.is(exitCode, 0);
	const plain = stdout.split('\n').filter(text => /^main\s+[|!] /.test(text));
	t.is(plain.length, 4);
	t.deepEqual(readFileSync(path.join(cwd, 'logs/main.log'), 'utf8').split('\n').filter(Boolean).sort(), plain.sort());
	t.notRegex(readFileSync(path.join(cwd, 'logs/main.log'), 'utf8'), /\u001B\[/);
});

test('with --log-format json the file gets JSON lines', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {name: `logfile-json-${process.pid}`, main: {command: printLines(2), logs: {file: 'main.log'}}}});
	const {exitCode} = await runCli(['run', '--log-format', 'json'], {cwd});
	t.is(exitCode, 0);
	const lines = jsonLines(readFileSync(path.join(cwd, 'main.log'), 'utf8'));
	t.deepEqual(lines.map(({name, stream, line}) => `${String(name)} ${String(stream)} ${String(line)}`).sort(), ['main stderr oops', 'main stdout hello 0', 'main stdout hello 1']);
});

test('an unwritable log file is reported once and the console loses nothing', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {name: `logfile-full-${process.pid}`, main: {command: printLines(50), logs: {file: '/dev/full'}}}});
	const {exitCode, stdout} = await runCli(['run', '--log-format', 'json'], {cwd});
	t.is(exitCode, 0);
	const lines = jsonLines(stdout);
	t.is(lines.filter(({event}) => event === 'logfile-failed').length, 1);
	t.is(lines.filter(({stream}) => stream === 'stdout').length, 50);
});
