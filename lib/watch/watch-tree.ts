import path from 'node:path';
import {InotifyRoot} from './inotify-root.js';
import {createPathRules} from './path-rules.js';
import {PollRoot} from './poll-root.js';
import {type RootWatch, TreeState} from './tree-context.js';
import type {WatchFailure} from './watch-failure.js';

export type {WatchFailure} from './watch-failure.js';

// What to watch and how (docs/watch.md, How files are watched); built from a ResolvedWatch by the trigger.
export type TreeWatchOptions = {
	paths: readonly string[]; // absolute; a directory is watched with all below it, a file through its parent directory filtered by name
	ignore: readonly string[]; // patterns (ResolvedWatch.ignore: defaults + user's): ignored dirs are never descended
	include: readonly string[]; // empty: every file acts; else only files matching one
	exclude: readonly string[]; // absolute file paths never reported (the unit's own log files), nor their rotations (file.1 …)
	poll: number | null; // ms: poll instead of inotify (network file systems); null: fs.watch
	maxDirs: number; // past this many directories: a 'maxDirs' failure
};

// A running watch: how many directories it holds (inotify watches, or directories walked per poll pass).
export type TreeWatcher = {readonly directories: number; close(): void};

// Watch `paths`, calling `change` with the absolute path of each changed file (undebounced), or `failed` once when
// a limit is hit (every watcher is then closed, and nothing more is reported). With inotify, every directory is
// watched when this returns (a synchronous walk); with `poll`, the first pass (the baseline) runs in the background.
export function watchTree(options: TreeWatchOptions, handlers: {change: (file: string) => void; failed: (failure: WatchFailure) => void}): TreeWatcher {
	let timer: NodeJS.Timeout | undefined;
	const roots: RootWatch[] = [];
	const tree = new TreeState(createPathRules(options), options.maxDirs, handlers, () => {
		clearTimeout(timer);
		for (const root of roots.splice(0)) {
			root.close();
		}
	});
	const paths = options.paths.map(entry => path.resolve(entry));
	if (options.poll === null) {
		for (const entry of paths) {
			if (tree.isOpen) {
				const root = new InotifyRoot(entry, tree);
				roots.push(root); // Before it starts: a failure while it starts closes it with the others.
				root.start();
			}
		}
	} else {
		const polled = paths.map(entry => new PollRoot(entry, tree));
		const period = options.poll;
		const pass = async () => {
			for (const root of polled) {
				if (tree.isOpen) {
					await root.scan(options.maxDirs); // eslint-disable-line no-await-in-loop
				}
			}

			if (tree.isOpen) {
				timer = setTimeout(pass, period); // From the end of a pass: passes never overlap.
			}
		};

		void pass();
	}

	tree.started();
	return {
		get directories() {
			return tree.directories;
		},
		close() {
			tree.close();
		},
	};
}
