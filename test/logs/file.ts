import {execFileSync} from 'node:child_process';
import {chmodSync, closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import {LogFile} from '../../lib/logs/file.js';
import {assertNoNodeNoise, BIN, runCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {jsonLines} from '../helpers/processes.js';
import {makeProject} from '../helpers/project.js';
import {AS_NOBODY, nobodyCanRunCheckout} from '../helpers/nobody.js';
import {canMountReadOnly, mountReadOnly} from '../helpers/read-only-mount.js';

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

test('a block of many lines is split at line boundaries so no file passes maxSize', t => {
	const file = path.join(makeProject(t), 'app.log');
	const log = new LogFile({file, maxSize: 100, keep: 20, owner: null}, () => t.fail('no error expected'));
	log.write(Buffer.concat(Array.from({length: 40}, (_, index) => line(index))));
	log.close();
	const names = [file, ...Array.from({length: 20}, (_, index) => `${file}.${index + 1}`)].filter(name => existsSync(name)).reverse();
	for (const name of names) {
		t.true(statSync(name).size <= 100, `${name}: ${statSync(name).size} bytes`);
	}

	t.is(names.map(name => readFileSync(name, 'utf8')).join(''), Buffer.concat(Array.from({length: 40}, (_, index) => line(index))).toString());
});

test('a line longer than maxSize goes whole into a file of its own', t => {
	const file = path.join(makeProject(t), 'app.log');
	const log = new LogFile({file, maxSize: 40, keep: 5, owner: null}, () => t.fail('no error expected'));
	const long = Buffer.from(`${'y'.repeat(100)}\n`);
	log.write(Buffer.concat([line(0), long, line(1)]));
	log.close();
	t.deepEqual([`${file}.2`, `${file}.1`, file].map(name => readFileSync(name, 'utf8')), [line(0).toString(), long.toString(), line(1).toString()]);
});

// A device node of its own (mknod needs root), so a failing test can never rename the host's /dev/null.
(process.getuid?.() === 0 ? test : test.skip)('a character device (a /dev/null) is written but never rotated or chowned', t => {
	const directory = makeProject(t);
	const device = path.join(directory, 'null');
	execFileSync('mknod', [device, 'c', '1', '3']);
	const log = new LogFile({file: device, maxSize: 50, keep: 2, owner: {uid: 65534, gid: 65534}}, error => t.fail(error.message));
	for (let index = 0; index < 20; index++) {
		log.write(line(index));
	}

	log.close();
	t.true(statSync(device).isCharacterDevice());
	t.is(statSync(device).uid, 0);
	t.false(existsSync(`${device}.1`));
});

test('a symbolic link to a file (as /dev/stdout can be) is written through but never rotated', t => {
	const directory = makeProject(t);
	const target = path.join(directory, 'target.log');
	const link = path.join(directory, 'stdout');
	symlinkSync(target, link);
	const log = new LogFile({file: link, maxSize: 50, keep: 2, owner: null}, error => t.fail(error.message));
	for (let index = 0; index < 5; index++) {
		log.write(line(index));
	}

	log.close();
	t.true(lstatSync(link).isSymbolicLink());
	t.false(existsSync(`${link}.1`));
	t.is(readFileSync(target, 'utf8'), Array.from({length: 5}, (_, index) => line(index).toString()).join(''));
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

test('a flooding child: every rotated file stays within maxSize and no line is torn or lost across files', async t => {
	const count = 3000;
	const cwd = makeProject(t, {'sidecar.config.json': {
		name: `logfile-flood-${process.pid}`,
		main: {command: fixture('flood.js', String(count), '100'), logs: {file: 'logs/main.log', maxSize: '16KiB', keep: 40}},
	}});
	const {exitCode} = await runCli(['run'], {cwd, maxBuffer: 100_000_000});
	t.is(exitCode, 0);
	const file = path.join(cwd, 'logs/main.log');
	const names = [file, ...Array.from({length: 40}, (_, index) => `${file}.${index + 1}`)].filter(name => existsSync(name)).reverse();
	t.true(names.length >= 15, `${names.length} files`);
	t.false(existsSync(`${file}.40`), 'keep is large enough that nothing was dropped');
	const sizes = names.map(name => statSync(name).size);
	t.log(`${names.length} files, largest ${Math.max(...sizes)} bytes`);
	t.true(sizes.every(size => size <= 16 * 1024), sizes.join(' '));
	const lines = names.map(name => readFileSync(name, 'utf8')).join('').split('\n');
	t.is(lines.pop(), '', 'the last file ends with a newline');
	const numbers = lines.map(text => Number(/^main +\| main (\d{9}) x+$/.exec(text)?.[1] ?? Number.NaN));
	t.deepEqual(numbers, Array.from({length: count}, (_, index) => index));
});

// A log file that cannot be opened, run through the CLI: reported once with its reason, the console loses nothing.
async function runWithLogFile(t: ExecutionContext, file: string, prefix: string[] = [], cwd = makeProject(t)) {
	const config = {name: `logfile-bad-${process.pid}-${path.basename(cwd)}`, main: {command: printLines(20), logs: {file}}};
	writeFileSync(path.join(cwd, 'sidecar.config.json'), JSON.stringify(config));
	const [command, ...args] = [...prefix, process.execPath, BIN, 'run', '--log-format', 'json'];
	const {exitCode, stdout, stderr} = await execa(command!, args, {cwd, reject: false, timeout: 20_000, env: {NO_COLOR: '1', XDG_RUNTIME_DIR: '', HOME: cwd}});
	assertNoNodeNoise(stderr);
	t.is(exitCode, 0, stderr);
	const lines = jsonLines(stdout);
	t.is(lines.filter(({stream}) => stream === 'stdout').length, 20, 'every line reached the console');
	return lines.filter(({event}) => event === 'logfile-failed');
}

test('a log file under a regular file (its folder cannot be created) is reported once as ENOTDIR', async t => {
	const cwd = makeProject(t, {'not-a-folder': 'x'});
	const failures = await runWithLogFile(t, 'not-a-folder/logs/main.log', [], cwd);
	t.like(failures, [{name: 'main', file: path.join(cwd, 'not-a-folder/logs/main.log'), reason: 'ENOTDIR'}]);
	t.is(failures.length, 1);
});

(canMountReadOnly ? test : test.skip)('a log folder on a read-only filesystem is reported once as EROFS, not ENOENT', async t => {
	const readOnly = mountReadOnly(t);
	const failures = await runWithLogFile(t, path.join(readOnly, 'logs/main.log'));
	t.like(failures, [{name: 'main', reason: 'EROFS'}]);
	t.is(failures.length, 1);
});

test('a FIFO with no reader fails at once (ENXIO) instead of blocking the supervisor in open()', async t => {
	const cwd = makeProject(t);
	execFileSync('mkfifo', [path.join(cwd, 'pipe')]);
	t.like(await runWithLogFile(t, 'pipe', [], cwd), [{reason: 'ENXIO'}]);
});

test('a FIFO whose reader never reads fails (EAGAIN) instead of blocking the supervisor in write()', async t => {
	const cwd = makeProject(t);
	const fifo = path.join(cwd, 'pipe');
	execFileSync('mkfifo', [fifo]);
	const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK); // Opened here, and never read.
	t.teardown(() => {
		closeSync(reader);
	});
	const config = {name: `logfile-fifo-${process.pid}`, main: {command: fixture('flood.js', '20000'), logs: {file: 'pipe'}}};
	writeFileSync(path.join(cwd, 'sidecar.config.json'), JSON.stringify(config));
	const {exitCode, stdout} = await runCli(['run', '--log-format', 'json'], {cwd, timeout: 30_000, maxBuffer: 100_000_000});
	t.is(exitCode, 0);
	const lines = jsonLines(stdout);
	t.like(lines.filter(({event}) => event === 'logfile-failed'), [{reason: 'EAGAIN'}]);
	t.is(lines.filter(({stream}) => stream === 'stdout').length, 20_000, 'the console got every line');
});

// The supervisor as nobody, so the folder's mode applies (root writes anywhere); it must be able to read its own files.
const asNobody = AS_NOBODY;
const nobodyCanRun = nobodyCanRunCheckout;

(nobodyCanRun ? test : test.skip)('a read-only folder (the supervisor runs as nobody) is reported once as EACCES', async t => {
	const cwd = makeProject(t);
	chmodSync(cwd, 0o755);
	mkdirSync(path.join(cwd, 'logs'), {mode: 0o555});
	const failures = await runWithLogFile(t, 'logs/main.log', asNobody, cwd);
	t.like(failures, [{name: 'main', reason: 'EACCES'}]);
	t.is(failures.length, 1);
	t.false(existsSync(path.join(cwd, 'logs/main.log')));
});
