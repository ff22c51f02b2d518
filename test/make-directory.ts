import {existsSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {makeDirectory} from '../lib/make-directory.js';
import {makeProject} from './helpers/project.js';
import {canMountReadOnly, mountReadOnly} from './helpers/read-only-mount.js';

test('makes every missing level, and is quiet when the folder exists', t => {
	const target = path.join(makeProject(t), 'a/b/c');
	makeDirectory(target);
	makeDirectory(target);
	t.true(existsSync(target));
});

test('a regular file in the way is ENOTDIR', t => {
	const cwd = makeProject(t);
	writeFileSync(path.join(cwd, 'file'), 'x');
	t.throws(() => {
		makeDirectory(path.join(cwd, 'file/logs'));
	}, {code: 'ENOTDIR'});
});

(canMountReadOnly ? test : test.skip)('a folder on a read-only filesystem is EROFS, where Node\'s recursive mkdir says ENOENT', t => {
	const readOnly = mountReadOnly(t);
	t.throws(() => {
		makeDirectory(path.join(readOnly, 'logs/today'));
	}, {code: 'EROFS'});
});
