import {rmSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {makeProject} from '../helpers/project.js';
import {waitFor} from '../helpers/wait-for.js';
import {recordTree, saveAtomically, write} from '../helpers/watch-tree.js';

// The first pass is the baseline; it is done once every directory is counted.
const poll = 100;

test('poll mode reports a written, a created and a deleted file, with the same rules', async t => {
	const root = makeProject(t, {'src/a.js': '1', 'src/gone.js': '1', 'node_modules/dep/index.js': '1'});
	const {watcher, changes, saw} = recordTree(t, {paths: [root], poll, ignore: ['node_modules', '*.swp']});
	await waitFor(() => watcher.directories === 2, 20_000, 'the first pass');
	write(path.join(root, 'src/a.js'), 'changed, and longer');
	await saw(path.join(root, 'src/a.js'));
	write(path.join(root, 'node_modules/dep/index.js'), '2');
	write(path.join(root, 'src/.a.js.swp'));
	write(path.join(root, 'src/new/b.js'));
	await saw(path.join(root, 'src/new/b.js'));
	rmSync(path.join(root, 'src/gone.js'));
	await saw(path.join(root, 'src/gone.js'));
	t.is(watcher.directories, 3);
	t.false(changes.some(file => file.includes('node_modules') || file.endsWith('.swp')));
});

test('poll mode reports an atomic save of a watched file and a file created after the start', async t => {
	const root = makeProject(t, {'app.conf': '1', 'other.conf': '1'});
	const file = path.join(root, 'app.conf');
	const later = path.join(root, 'later.conf');
	const {changes, saw} = recordTree(t, {paths: [file, later], poll});
	await waitFor(async () => {
		saveAtomically(file); // Until a pass after the baseline sees it: the baseline's end is not observable.
		return changes.includes(file);
	});
	write(path.join(root, 'other.conf'), '2');
	write(later);
	await saw(later);
	t.false(changes.includes(path.join(root, 'other.conf')));
});

test('poll mode fails once past maxDirs', async t => {
	const root = makeProject(t, {'a/1': '', 'b/2': '', 'c/3': ''});
	const {watcher, failures} = recordTree(t, {paths: [root], poll, maxDirs: 3});
	await waitFor(() => failures.length > 0);
	t.is(failures.length, 1);
	t.is(failures[0]!.code, 'maxDirs');
	t.is(watcher.directories, 0);
});
