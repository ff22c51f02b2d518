import path from 'node:path';
import {InotifyRoot} from './inotify-root.js';
import {createPathRules} from './path-rules.js';
import {PollRoot} from './poll-root.js';
import type {RootWatch, TreeContext} from './tree-context.js';
import {maxDirsFailure, type WatchFailure} from './watch-failure.js';

export type {WatchFailure} from './watch-failure.js';

// What to watch and how (docs/watch.md, How files are watched); built from a ResolvedWatch by the trigger.
export type TreeWatchOptions = {
	paths: readonly string[]; // absolute; a directory is watched with all below it, a file through its parent directory filtered by name
	ignore: readonly string[]; // patterns (ResolvedWatch.ignore: defaults + user's): ignored dirs are never descended
	include: readonly string[]; // empty: every file acts; else only files matching one
	exclude: readonly string[]; // absolute file paths never reported (the unit's own log files)
	poll: number | null; // ms: poll instead of inotify (network file systems); null: fs.watch
	maxDirs: number; // past this many directories: a 'maxDirs' failure
};

// A running watch: how many directories it holds (inotify watches, or directories walked per poll pass).
export type TreeWatcher = {readonly directories: number; close(): void};

// Watch `paths`, calling `change` with the absolute path of each changed file (undebounced), or `failed` once when
// a limit is hit (every watcher is then closed, and nothing more is reported). With inotify, every directory is
// watched when this returns (a synchronous walk); with `poll`, the first pass (the baseline) runs in the background.
export function watchTree(options: TreeWatchOptions, handlers: {change: (file: string) => void; failed: (failure: WatchFailure) => void}): TreeWatcher {
	let state: 'starting' | 'open' | 'failed' | 'closed' = 'starting';
	let directories = 0;
	let timer: NodeJS.Timeout | undefined;
	const roots: RootWatch[] = [];
	const closeAll = () => {
		clearTimeout(timer);
		for (const root of roots.splice(0)) {
			root.close();
		}

		directories = 0;
	};

	const context: TreeContext = {
		rules: createPathRules(options),
		get isOpen() {
			return state === 'starting' || state === 'open';
		},
		report(file) {
			if (state === 'open') {
				handlers.change(file);
			}
		},
		claim(directory) {
			if (!context.isOpen) {
				return false;
			}

			if (directories >= options.maxDirs) {
				context.fail(maxDirsFailure(directory, options.maxDirs));
				return false;
			}

			directories++;
			return true;
		},
		release() {
			directories = Math.max(0, directories - 1);
		},
		fail(failure) {
			if (!context.isOpen) {
				return;
			}

			// Failing inside watchTree: the caller gets the TreeWatcher first, then the failure.
			const during = state === 'starting';
			state = 'failed';
			closeAll();
			if (during) {
				queueMicrotask(() => handlers.failed(failure));
			} else {
				handlers.failed(failure);
			}
		},
	};

	const paths = options.paths.map(entry => path.resolve(entry));
	if (options.poll === null) {
		for (const entry of paths) {
			if (context.isOpen) {
				const root = new InotifyRoot(entry, context);
				roots.push(root); // Before it starts: a failure while it starts closes it with the others.
				root.start();
			}
		}
	} else {
		const polled = paths.map(entry => new PollRoot(entry, context));
		const period = options.poll;
		const pass = async () => {
			for (const root of polled) {
				if (context.isOpen) {
					await root.scan(options.maxDirs);
				}
			}

			if (context.isOpen) {
				timer = setTimeout(pass, period);
			}
		};

		void pass();
	}

	if (state === 'starting') {
		state = 'open';
	}

	return {
		get directories() {
			return directories;
		},
		close() {
			if (context.isOpen) {
				state = 'closed';
				closeAll();
			}
		},
	};
}
