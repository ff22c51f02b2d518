import {renameSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {WATCH_DEFAULT_IGNORE} from '../../lib/config/resolve-watch.js';
import {makeProject} from '../helpers/project.js';
import {recordTree, saveAtomically, write} from '../helpers/watch-tree.js';

// Absence is asserted with a barrier: one inotify queue delivers events in order, so once a later write to a
// reported file has arrived, an earlier event of an ignored file would have arrived too.

test('a write in a watched directory is reported with its absolute path, at any depth', async t => {
	const root = makeProject(t, {'src/app.js': '1', 'src/lib/util.js': '1'});
	const {watcher, changes, saw} = recordTree(t, {paths: [root]});
	t.is(watcher.directories, 3);
	write(path.join(root, 'src/lib/util.js'), '2');
	await saw(path.join(root, 'src/lib/util.js'));
	write(path.join(root, 'top.txt'));
	await saw(path.join(root, 'top.txt'));
	t.deepEqual([...new Set(changes)], [path.join(root, 'src/lib/util.js'), path.join(root, 'top.txt')]);
});

test('an atomic save of a watched file is reported and a sibling file is not', async t => {
	const root = makeProject(t, {'config/app.yaml': 'a: 1', 'config/other.yaml': 'b: 1'});
	const file = path.join(root, 'config/app.yaml');
	const {watcher, changes, saw} = recordTree(t, {paths: [file]});
	t.is(watcher.directories, 1); // Its parent, filtered by name.
	write(path.join(root, 'config/other.yaml'), 'b: 2');
	saveAtomically(file, 'a: 2');
	await saw(file);
	t.deepEqual([...new Set(changes)], [file]);
});

test('the default ignores are never descended nor reported', async t => {
	const root = makeProject(t, {
		'src/index.js': '1',
		'node_modules/dep/index.js': '1',
		'node_modules/dep/lib/a.js': '1',
		'.git/objects/ab/cd': '1',
		'dist/out.js': '1',
	});
	const {watcher, changes, saw} = recordTree(t, {paths: [root], ignore: WATCH_DEFAULT_IGNORE});
	t.is(watcher.directories, 2); // root and src
	write(path.join(root, 'node_modules/dep/index.js'), '2');
	write(path.join(root, 'src/.index.js.swp'));
	write(path.join(root, 'src/index.js~'));
	write(path.join(root, 'node_modules/new-dep/index.js'));
	write(path.join(root, 'src/index.js'), '2');
	await saw(path.join(root, 'src/index.js'));
	t.deepEqual([...new Set(changes)], [path.join(root, 'src/index.js')]);
	t.is(watcher.directories, 2);
});

test('a pattern without "/" matches a name at any depth; one with "/" matches the path from the root', async t => {
	const root = makeProject(t, {
		'src/a.ts': '1',
		'src/a.test.ts': '1',
		'src/generated/types.ts': '1',
		'lib/generated/keep.ts': '1',
		'lib/deep/tmp/x.ts': '1',
	});
	const {watcher, changes, saw} = recordTree(t, {paths: [root], ignore: ['tmp', 'src/generated', '**/*.test.ts']});
	t.is(watcher.directories, 5); // root, src, lib, lib/generated, lib/deep
	write(path.join(root, 'lib/deep/tmp/x.ts'), '2');
	write(path.join(root, 'src/generated/types.ts'), '2');
	write(path.join(root, 'src/a.test.ts'), '2');
	write(path.join(root, 'lib/generated/keep.ts'), '2');
	write(path.join(root, 'src/a.ts'), '2');
	await saw(path.join(root, 'src/a.ts'));
	t.deepEqual([...new Set(changes)], [path.join(root, 'lib/generated/keep.ts'), path.join(root, 'src/a.ts')]);
});

test('with includes, only a matching file is reported', async t => {
	const root = makeProject(t, {'src/a.ts': '1', 'src/a.js': '1', 'config/app.json': '{}'});
	const {changes, saw} = recordTree(t, {paths: [root], include: ['*.ts', 'config/*.json']});
	write(path.join(root, 'src/a.js'), '2');
	write(path.join(root, 'src/b.json'), '{}');
	write(path.join(root, 'config/app.json'), '[]');
	write(path.join(root, 'src/a.ts'), '2');
	await saw(path.join(root, 'src/a.ts'));
	t.deepEqual([...new Set(changes)], [path.join(root, 'config/app.json'), path.join(root, 'src/a.ts')]);
});

test('an excluded log file and its rotations are not reported, beside files that are', async t => {
	const root = makeProject(t, {'logs/app.log': '', 'logs/app.log.1': '', 'logs/notes.txt': ''});
	const log = path.join(root, 'logs/app.log');
	const {changes, saw} = recordTree(t, {paths: [root], exclude: [log]});
	write(log, 'a line\n');
	renameSync(`${log}.1`, `${log}.2`);
	renameSync(log, `${log}.1`);
	write(log, 'a new line\n');
	write(path.join(root, 'logs/notes.txt'), 'a note');
	await saw(path.join(root, 'logs/notes.txt'));
	t.deepEqual([...new Set(changes)], [path.join(root, 'logs/notes.txt')]);
});

test('an excluded file given itself as a path is not reported', async t => {
	const root = makeProject(t, {'app.log': '', 'app.conf': ''});
	const log = path.join(root, 'app.log');
	const {changes, saw} = recordTree(t, {paths: [log, path.join(root, 'app.conf')], exclude: [log]});
	write(log, 'a line\n');
	write(path.join(root, 'app.conf'), 'x');
	await saw(path.join(root, 'app.conf'));
	t.false(changes.includes(log));
});
