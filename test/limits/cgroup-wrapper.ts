import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {cgroupWrapper} from '../../lib/limits/cgroup-wrapper.js';
import {fixture} from './_helpers.js';

test('the wrapper writes its own pid to every file, then execs the real argv under the same pid', async t => {
	const dir = await mkdtemp(path.join(tmpdir(), 'sidecar wrap $HOME "q" \'s\' '));
	t.teardown(async () => rm(dir, {recursive: true, force: true}));
	const files = [path.join(dir, 'a procs'), path.join(dir, '$(touch pwned);`x`')];
	await Promise.all(files.map(async file => writeFile(file, '')));
	const [file = '', ...args] = [...cgroupWrapper(files), ...fixture('print-cgroup.js'), 'ignored "arg" $1'];
	const {stdout} = await execa(file, args);
	const {pid} = JSON.parse(stdout) as {pid: number};
	for (const procs of files) {
		t.is(await readFile(procs, 'utf8'), `${pid}\n`);
	}

	await t.throwsAsync(readFile(path.join(dir, 'pwned')));
});

test('the real argv is passed through untouched', async t => {
	const {stdout} = await execa('/bin/sh', [...cgroupWrapper([]).slice(1), 'printf', '%s|', 'a b', '"c"', '$d', '']);
	t.is(stdout, 'a b|"c"|$d||');
});

test('a procs file that cannot be written stops the child before the command runs (exit 125)', async t => {
	const [file = '', ...args] = [...cgroupWrapper(['/nonexistent/dir/cgroup.procs']), 'echo', 'ran'];
	const {exitCode, stdout} = await execa(file, args, {reject: false});
	t.is(exitCode, 125);
	t.is(stdout, '');
});
