// PLACEHOLDER until the engine branch lands (it replaces this file): the interface the watch trigger codes against.
import {watch} from 'node:fs';
import path from 'node:path';

export type TreeWatchOptions = {
	paths: readonly string[];
	ignore: readonly string[];
	include: readonly string[];
	exclude: readonly string[];
	poll: number | null;
	maxDirs: number;
};
export type WatchFailure = {code: 'ENOSPC' | 'EMFILE' | 'maxDirs'; directory: string; limit: string; message: string};
export type TreeWatcher = {readonly directories: number; close(): void};

export function watchTree(options: TreeWatchOptions, handlers: {change: (file: string) => void; failed: (failure: WatchFailure) => void}): TreeWatcher {
	const watchers = options.paths.map(root => watch(root, {recursive: true}, (_kind, file) => {
		if (file !== null) {
			handlers.change(path.join(root, file));
		}
	}).on('error', () => {}));
	return {directories: watchers.length, close: () => {
		for (const watcher of watchers) {
			watcher.close();
		}
	}};
}
