import {mkdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {makeProject} from '../helpers/project.js';
import {waitFor} from '../helpers/wait-for.js';
import {recordTree, write} from '../helpers/watch-tree.js';

test('a directory created after the start is watched, with the files created together with it', async t => {
	const root = makeProject(t, {'src/a.js': '1'});
	const {watcher, saw} = recordTree(t, {paths: [root]});
	t.is(watcher.directories, 2);
	write(path.join(root, 'src/feature/deep/b.js')); // mkdir -p and a write, before the engine hears of either
	await saw(path.join(root, 'src/feature/deep/b.js'));
	t.is(watcher.directories, 4);
	write(path.join(root, 'src/feature/c.js'));
	await saw(path.join(root, 'src/feature/c.js'));
	write(path.join(root, 'src/feature/deep/b.js'), 'again');
	await waitFor(() => watcher.directories === 4);
	t.is(watcher.directories, 4, 'a write in a watched directory adds no watch');
});

test('an ignored directory created after the start is not watched', async t => {
	const root = makeProject(t, {'a.js': '1'});
	const {watcher, changes, saw} = recordTree(t, {paths: [root], ignore: ['node_modules']});
	write(path.join(root, 'node_modules/dep/index.js'));
	write(path.join(root, 'a.js'), '2');
	await saw(path.join(root, 'a.js'));
	t.deepEqual([...new Set(changes)], [path.join(root, 'a.js')]);
	t.is(watcher.directories, 1);
});

test('a deleted directory has its watchers closed, its files reported, and a recreated one is watched again', async t => {
	const root = makeProject(t, {'keep.js': '1', 'sub/a.js': '1', 'sub/inner/b.js': '1'});
	const {watcher, saw} = recordTree(t, {paths: [root]});
	t.is(watcher.directories, 3);
	rmSync(path.join(root, 'sub'), {recursive: true});
	await saw(path.join(root, 'sub/inner/b.js'));
	await waitFor(() => watcher.directories === 1, 20_000, 'the watchers of the deleted directories closed');
	write(path.join(root, 'sub/new.js'));
	await saw(path.join(root, 'sub/new.js'));
	write(path.join(root, 'sub/later.js'));
	await saw(path.join(root, 'sub/later.js'));
	t.is(watcher.directories, 2);
});

test('a deleted root directory is watched again when it is recreated', async t => {
	const root = makeProject(t, {'src/a.js': '1'});
	const source = path.join(root, 'src');
	const {watcher, saw} = recordTree(t, {paths: [source]});
	rmSync(source, {recursive: true});
	await saw(path.join(source, 'a.js'));
	mkdirSync(source);
	write(path.join(source, 'b.js'));
	await saw(path.join(source, 'b.js'));
	t.is(watcher.directories, 1);
});

test('a directory path that does not exist yet is watched once it is created', async t => {
	const root = makeProject(t, {'other.js': '1'});
	const later = path.join(root, 'later/deep');
	const {watcher, changes, saw} = recordTree(t, {paths: [later]});
	t.is(watcher.directories, 1); // The nearest existing directory, filtered by the next name.
	write(path.join(root, 'other.js'), '2');
	write(path.join(later, 'first.js'));
	await saw(path.join(later, 'first.js'));
	write(path.join(later, 'second.js'));
	await saw(path.join(later, 'second.js'));
	t.false(changes.includes(path.join(root, 'other.js')));
	t.is(watcher.directories, 1);
});

test('a file path that does not exist yet is reported when it is created, and then when it changes', async t => {
	const root = makeProject(t);
	const file = path.join(root, 'conf/app.yaml');
	const {changes, saw} = recordTree(t, {paths: [file]});
	write(file, 'a: 1');
	await saw(file);
	const count = changes.length;
	write(path.join(root, 'conf/other.yaml'));
	write(file, 'a: 2');
	await waitFor(() => changes.length > count);
	t.deepEqual([...new Set(changes)], [file]);
});

test('a deleted watched file is reported, and again when it is created anew', async t => {
	const root = makeProject(t, {'app.conf': '1'});
	const file = path.join(root, 'app.conf');
	const {changes, saw} = recordTree(t, {paths: [file]});
	rmSync(file);
	await saw(file);
	const count = changes.length;
	write(file, '2');
	await waitFor(() => changes.length > count);
	t.is(changes.at(-1), file, 'the recreated file is reported again');
});

test('a watched file whose directory is deleted is reported again once the directory and the file are recreated', async t => {
	const root = makeProject(t, {'conf/app.yaml': 'a: 1'});
	const file = path.join(root, 'conf/app.yaml');
	const {watcher, changes, saw} = recordTree(t, {paths: [file]});
	rmSync(path.join(root, 'conf'), {recursive: true});
	await saw(file);
	const count = changes.length;
	write(file, 'a: 2');
	await waitFor(() => changes.length > count, 20_000, 'the recreated file reported');
	t.is(watcher.directories, 1);
});
