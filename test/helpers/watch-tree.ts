import {mkdirSync, renameSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {ExecutionContext} from 'ava';
import {type TreeWatchOptions, type TreeWatcher, type WatchFailure, watchTree} from '../../lib/watch/watch-tree.js';
import {waitFor} from './wait-for.js';

// A watchTree over real files, recording what it reports; closed after the test.
export type Recorded = {watcher: TreeWatcher; changes: string[]; failures: WatchFailure[]; saw(file: string, ms?: number): Promise<void>};

// Every option defaulted as a plain inotify watch; `paths` is required.
export function recordTree(t: ExecutionContext, options: Partial<TreeWatchOptions> & Pick<TreeWatchOptions, 'paths'>): Recorded {
	const changes: string[] = [];
	const failures: WatchFailure[] = [];
	const watcher = watchTree({ignore: [], include: [], exclude: [], poll: null, maxDirs: 8192, ...options}, {
		change: file => changes.push(file),
		failed: failure => failures.push(failure),
	});
	t.teardown(() => watcher.close());
	return {
		watcher,
		changes,
		failures,
		saw: async (file, ms = 20_000) => {
			await waitFor(() => changes.includes(file), ms, `a change of ${file} (got ${JSON.stringify(changes)})`);
		},
	};
}

// Write `contents` to `file`, creating its directory.
export function write(file: string, contents = String(Date.now())): string {
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, contents);
	return file;
}

// An editor's atomic save: write a temporary file beside `file`, then rename it over.
export function saveAtomically(file: string, contents = String(Date.now())): void {
	writeFileSync(`${file}.tmp-save`, contents);
	renameSync(`${file}.tmp-save`, file);
}
