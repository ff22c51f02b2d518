import {spawnSync} from 'node:child_process';
import path from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {FIXTURES} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';
import {recordTree, write} from '../helpers/watch-tree.js';

const tree = (count: number) => Object.fromEntries(Array.from({length: count}, (_, index) => [`d${index}/file.js`, '1']));
const lines = (stdout: string) => stdout.trim().split('\n').map(line => JSON.parse(line) as Record<string, any>);

test('past maxDirs at the start: one failure naming the directory and the limit, after watchTree returns, then nothing', async t => {
	const root = makeProject(t, tree(5));
	const {watcher, failures, changes} = recordTree(t, {paths: [root], maxDirs: 3});
	t.is(failures.length, 0); // Not while the caller has no TreeWatcher yet.
	await waitFor(() => failures.length > 0);
	t.like(failures[0], {code: 'maxDirs', limit: 'watch.maxDirs (3)'});
	t.regex(failures[0]!.directory, /\/d\d$/);
	t.regex(failures[0]!.message, /^unable to watch .*\/d\d: more than 3 directories/);
	t.is(watcher.directories, 0);
	// A second watch of the same tree is the barrier: it has seen the write, so the failed one would have too.
	const barrier = recordTree(t, {paths: [root]});
	write(path.join(root, 'd0/file.js'), '2');
	await barrier.saw(path.join(root, 'd0/file.js'));
	t.deepEqual(changes, []);
	t.is(failures.length, 1);
});

test('past maxDirs while running: one failure naming the new directory', async t => {
	const root = makeProject(t, tree(2));
	const {watcher, failures, changes} = recordTree(t, {paths: [root], maxDirs: 3});
	t.is(watcher.directories, 3);
	write(path.join(root, 'd2/file.js'));
	write(path.join(root, 'd3/file.js'));
	await waitFor(() => failures.length > 0);
	t.like(failures[0], {code: 'maxDirs', directory: path.join(root, 'd2')});
	const barrier = recordTree(t, {paths: [root]});
	write(path.join(root, 'd0/file.js'), '2');
	await barrier.saw(path.join(root, 'd0/file.js'));
	t.deepEqual(changes, []);
	t.is(failures.length, 1);
	t.is(watcher.directories, 0);
});

// A real inotify limit: max_inotify_watches and max_inotify_instances are per user namespace (Linux ≥ 4.9), so a
// child in a namespace of its own can have them lowered without touching the host's.
const inNamespace = (setting: string, value: number, args: string[]) => execa('unshare', [
	'--user', '--map-root-user', 'sh', '-c', `echo ${value} > /proc/sys/user/${setting} && exec "$@"`, 'sh', process.execPath, `${FIXTURES}watch-tree.js`, ...args,
], {reject: false, timeout: 30_000});
const canLower = spawnSync('unshare', ['--user', '--map-root-user', 'sh', '-c', 'echo 10 > /proc/sys/user/max_inotify_watches']).status === 0;

(canLower ? test : test.skip)('ENOSPC at the start: one failure naming the directory and fs.inotify.max_user_watches, and the process exits by itself', async t => {
	const root = makeProject(t, tree(20));
	const {exitCode, stdout} = await inNamespace('max_inotify_watches', 10, [root]);
	const [ready, failed, ...rest] = lines(stdout);
	t.is(exitCode, 0);
	t.deepEqual(rest, []);
	t.like(ready, {ready: 0}); // Failed within watchTree: every watcher closed, the failure reported after it returned.
	t.like(failed, {failed: {code: 'ENOSPC', limit: 'fs.inotify.max_user_watches'}, directories: 0});
	t.true(failed!.failed.directory.startsWith(`${root}/d`));
	t.regex(failed!.failed.message, /ENOSPC: raise fs.inotify.max_user_watches/);
});

(canLower ? test : test.skip)('ENOSPC while running: the new directories past the limit fail the tree once', async t => {
	const root = makeProject(t, tree(3));
	const child = inNamespace('max_inotify_watches', 10, [root]);
	await waitForLine(child.stdout!, /"ready":4/);
	for (let index = 3; index < 12; index++) {
		write(path.join(root, `d${index}/file.js`));
	}

	const {exitCode, stdout} = await child;
	t.is(exitCode, 0);
	const failures = lines(stdout).filter(line => line.failed);
	t.is(failures.length, 1);
	t.like(failures[0], {failed: {code: 'ENOSPC'}, directories: 0});
	t.regex(failures[0]!.failed.directory, /\/d\d+$/);
});

(canLower ? test : test.skip)('EMFILE: one failure naming the open files limit', async t => {
	const root = makeProject(t, tree(2));
	const {exitCode, stdout} = await inNamespace('max_inotify_instances', 0, [root]);
	t.is(exitCode, 0);
	t.like(lines(stdout)[1], {failed: {code: 'EMFILE', directory: root, limit: 'the open files limit (ulimit -n)'}});
});

test('close() leaves nothing behind: a process exits by itself after it, with fs.watch and with poll', async t => {
	const root = makeProject(t, tree(3));
	for (const options of [{}, {poll: 100}]) {
		const {exitCode, stdout, timedOut} = await execa(process.execPath, [`${FIXTURES}watch-tree.js`, root, JSON.stringify(options), 'close'], {reject: false, timeout: 30_000});
		t.false(timedOut);
		t.is(exitCode, 0);
		t.like(lines(stdout).at(-1), {closed: 0});
	}
});

test('a tree failed past maxDirs leaves nothing behind either: the process exits by itself', async t => {
	const root = makeProject(t, tree(3));
	for (const options of [{maxDirs: 2}, {maxDirs: 2, poll: 100}]) {
		const {exitCode, stdout, timedOut} = await execa(process.execPath, [`${FIXTURES}watch-tree.js`, root, JSON.stringify(options)], {reject: false, timeout: 30_000});
		t.false(timedOut);
		t.is(exitCode, 0);
		t.like(lines(stdout).at(-1), {failed: {code: 'maxDirs'}, directories: 0});
	}
});
