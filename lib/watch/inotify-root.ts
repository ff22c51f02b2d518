import {lstatSync, readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {closeQuietly, type DirectoryWatcher as Watched, openDirectoryWatcher} from './directory-watcher.js';
import type {RootWatch, TreeContext} from './tree-context.js';
import {limitFailure} from './watch-failure.js';

// One path of a watch through fs.watch, one NON-recursive watcher per directory from our own walk: recursive
// fs.watch on Linux misses events and races in Node 20 (nodejs/node#48437) and throws when a directory is deleted
// (nodejs/node#52018). The root is in one of two modes:
// - a directory: a tree of watchers; a directory created later is watched, then walked (files created with it
//   are reported); a deleted one has its watchers closed.
// - anything else: its nearest existing directory is watched, filtered by one name. For a file that is its parent
//   filtered by the file's name, so an atomic save (write a temp file, rename it over) is seen as the rename it is;
//   for a path that does not exist yet it is the nearest existing ancestor filtered by the next component, which
//   moves down one level each time a component is created until the path itself appears. A root directory that is
//   deleted falls back to this mode, so a recreated root is watched again.
export class InotifyRoot implements RootWatch {
	private readonly tree = new Map<string, Watched>();
	private entry: {directory: string; name: string; watched: Watched} | null = null;
	private isFile = false; // The root was last seen as a file: its deletion is reported, a directory's is not.

	constructor(private readonly root: string, private readonly context: TreeContext) {}

	// Watch what is there now, reporting nothing; a limit hit here fails the tree, which closes this root.
	start(): void {
		this.resolve(false);
	}

	close(): void {
		this.closeTree(this.root);
		this.closeEntry();
	}

	// Decide the mode from what is at the root now. `created`: the root appeared (or changed) since the start, so
	// what is found is reported.
	private resolve(created: boolean): void {
		const stats = statSync(this.root, {throwIfNoEntry: false});
		if (stats?.isDirectory()) {
			if (this.tree.get(this.root)?.ino !== stats.ino) {
				this.closeEntry();
				this.closeTree(this.root);
				this.watchDirectory(this.root, created);
			}

			return;
		}

		this.closeTree(this.root);
		let directory = path.dirname(this.root);
		while (!statSync(directory, {throwIfNoEntry: false})?.isDirectory()) {
			directory = path.dirname(directory);
		}

		const name = path.relative(directory, this.root).split(path.sep)[0]!;
		if (this.entry?.directory !== directory || this.entry.name !== name) {
			this.closeEntry();
			const watched = this.open(directory, changed => this.onEntryEvent(directory, changed));
			this.entry = watched === null ? null : {directory, name, watched};
			// What was created between the stat above and this watch is not seen by it: look again.
			const next = statSync(path.join(directory, name), {throwIfNoEntry: false});
			if (watched !== null && (next?.isDirectory() || (stats === undefined && next !== undefined))) {
				this.resolve(created);
				return;
			}
		}

		if (created && stats !== undefined) {
			this.reportRoot();
		}

		this.isFile = stats !== undefined;
	}

	private onEntryEvent(directory: string, name: string | null): void {
		const {entry} = this;
		if (entry === null) {
			return;
		}

		if (name !== null && name !== entry.name) {
			if (name === path.basename(directory) && statSync(directory, {throwIfNoEntry: false})?.ino !== entry.watched.ino) {
				this.resolve(true); // The watched directory itself was deleted or moved: watch from higher up.
			}

			return;
		}

		const isParent = path.join(directory, entry.name) === this.root;
		const stats = statSync(this.root, {throwIfNoEntry: false});
		if (isParent && !stats?.isDirectory()) {
			if (stats !== undefined || this.isFile) {
				this.reportRoot(); // The file was written, created, replaced or deleted (maybe with its directory).
			}

			this.isFile = stats !== undefined;
		}

		if (!isParent || stats?.isDirectory() || statSync(directory, {throwIfNoEntry: false})?.ino !== entry.watched.ino) {
			this.resolve(true); // One level further down, the root became a directory, or the directory went away.
		}
	}

	private reportRoot(): void {
		if (!this.context.rules.excludes(this.root)) {
			this.context.report(this.root);
		}
	}

	// Watch `directory` first, then walk it, so that nothing created in between is missed.
	private watchDirectory(directory: string, report: boolean): void {
		const watched = this.open(directory, name => this.onTreeEvent(directory, name));
		if (watched === null) {
			return;
		}

		this.tree.set(directory, watched);
		let entries;
		try {
			entries = readdirSync(directory, {withFileTypes: true});
		} catch {
			return; // Deleted already: its watcher reports that.
		}

		const {rules} = this.context;
		for (const entry of entries) {
			const file = path.join(directory, entry.name);
			if (!this.context.isOpen) {
				return;
			}

			if (entry.isDirectory()) {
				if (!rules.skipsDirectory(this.root, file)) {
					this.watchDirectory(file, report);
				}
			} else if (report && rules.reportsFile(this.root, file)) {
				this.context.report(file);
			}
		}
	}

	private onTreeEvent(directory: string, name: string | null): void {
		if (name === null) {
			this.rescan(directory);
			return;
		}

		const file = path.join(directory, name);
		const stats = lstatSync(file, {throwIfNoEntry: false});
		const known = this.tree.get(file);
		if (stats === undefined && name === path.basename(directory) && this.isGone(directory)) {
			// The directory's own deletion or move. Its parent's watcher sees a subdirectory go (below), after the
			// deletions inside it, which are reported; the root has no parent watcher.
			if (directory === this.root) {
				this.resolve(true);
			}

			return;
		}

		if (known !== undefined && known.ino !== stats?.ino) {
			this.closeTree(file); // Deleted, moved away, or replaced: by a directory (walked below) or a file (reported).
		}

		if (stats?.isDirectory()) {
			if (!this.tree.has(file) && !this.context.rules.skipsDirectory(this.root, file)) {
				this.watchDirectory(file, true);
			}
		} else if ((stats !== undefined || known === undefined) && this.context.rules.reportsFile(this.root, file)) {
			this.context.report(file); // Written, created or deleted; a deleted directory is not a file.
		}
	}

	private isGone(directory: string): boolean {
		return statSync(directory, {throwIfNoEntry: false})?.ino !== this.tree.get(directory)?.ino;
	}

	private onDirectoryGone(directory: string): void {
		if (directory === this.root) {
			this.resolve(true);
		} else {
			this.closeTree(directory);
		}
	}

	// An event without a name (inotify's queue overflowed): watch the directories that appeared.
	private rescan(directory: string): void {
		try {
			for (const entry of readdirSync(directory, {withFileTypes: true})) {
				const file = path.join(directory, entry.name);
				if (entry.isDirectory() && !this.tree.has(file) && !this.context.rules.skipsDirectory(this.root, file)) {
					this.watchDirectory(file, true);
				}
			}
		} catch {
			this.onDirectoryGone(directory);
		}
	}

	// fs.watch on `directory`, its errors and events routed; null when it cannot be watched (a limit fails the tree).
	private open(directory: string, onEvent: (name: string | null) => void): Watched | null {
		if (!this.context.claim(directory)) {
			return null;
		}

		let watched: Watched;
		try {
			watched = openDirectoryWatcher(directory, name => {
				if (this.context.isOpen && (this.tree.get(directory) === watched || this.entry?.watched === watched)) {
					onEvent(name);
				}
			}, error => this.onError(directory, error, watched));
		} catch (error) {
			this.context.release();
			this.onError(directory, error);
			return null;
		}

		return watched;
	}

	private onError(directory: string, error: unknown, watched?: Watched): void {
		const failure = limitFailure(error, directory);
		if (failure !== null) {
			this.context.fail(failure);
		} else if (watched !== undefined && this.tree.get(directory) === watched) {
			this.onDirectoryGone(directory); // EPERM, ENOENT: the directory went away under its watcher.
		} else if (watched !== undefined && this.entry?.watched === watched) {
			this.resolve(true);
		}
	}

	private closeTree(directory: string): void {
		for (const [watchedDirectory, watched] of this.tree) {
			if (watchedDirectory === directory || watchedDirectory.startsWith(directory + path.sep)) {
				this.tree.delete(watchedDirectory);
				closeQuietly(watched);
				this.context.release();
			}
		}
	}

	private closeEntry(): void {
		if (this.entry !== null) {
			closeQuietly(this.entry.watched);
			this.entry = null;
			this.context.release();
		}
	}
}
