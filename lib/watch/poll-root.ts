import {type Dirent, readdirSync, type Stats, statSync} from 'node:fs';
import path from 'node:path';
import {setImmediate as nextTurn} from 'node:timers/promises';
import type {TreeContext} from './tree-context.js';

// A pass met an error that is not a deleted path (EACCES, EIO on a network mount): keep the last snapshot.
class PassAborted extends Error {}

// One path of a polled watch (`watch.poll`, for network file systems, where inotify sees only local writes): each
// pass walks the tree with the same rules as inotify-root.ts (ignored directories never read, ignored files never
// stat'ed), one readdir per directory and one stat per reported file, and compares each file's mtime, size and inode
// with the last pass: a new, changed, replaced (atomic save) or deleted file is reported. No fs.watchFile: one
// timer for the tree (lib/watch/watch-tree.ts), not one per file. A path missing at the start is an empty tree
// until it appears; its files are then new.
// Cost: synchronous calls within a directory, the event loop given back between directories. A pass cost 46 µs of
// CPU per file with fs.promises and costs 8–10 µs so (bench/watch-walk.js, 10,000 files in 500 directories): polled
// every second, half a core against a tenth of one. The price: one directory's stats block the loop (20 files: ~0.1 ms
// on a local disk; more on a slow network mount).
export class PollRoot {
	private files = new Map<string, string>();
	private directories = new Set<string>();
	private first = true;

	constructor(private readonly root: string, private readonly context: TreeContext) {}

	// One pass; resolves once the differences are reported (nothing when the tree closed meanwhile).
	async scan(maxDirs: number): Promise<void> {
		const files = new Map<string, string>();
		const directories = new Set<string>();
		try {
			const stats = statOrNothing(this.root);
			if (stats?.isDirectory()) {
				await this.walk(this.root, files, directories, maxDirs);
			} else if (stats !== undefined && !this.context.rules.excludes(this.root)) {
				files.set(this.root, signature(stats));
			}
		} catch (error) {
			if (error instanceof PassAborted) {
				return;
			}

			throw error;
		}

		if (!this.context.isOpen || !this.account(directories)) {
			return;
		}

		if (!this.first) {
			this.reportDifferences(files);
		}

		this.first = false;
		this.files = files;
	}

	private async walk(directory: string, files: Map<string, string>, directories: Set<string>, maxDirs: number): Promise<void> {
		const pending = [directory];
		const {rules} = this.context;
		for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
			directories.add(next);
			if (directories.size > maxDirs) {
				return; // The accounting fails the tree.
			}

			for (const entry of readdirOrNothing(next)) {
				const file = path.join(next, entry.name);
				if (entry.isDirectory()) {
					if (!rules.skipsDirectory(this.root, file)) {
						pending.push(file);
					}
				} else if (rules.reportsFile(this.root, file)) {
					const stats = statOrNothing(file);
					if (stats !== undefined) {
						files.set(file, signature(stats));
					}
				}
			}

			await nextTurn(); // eslint-disable-line no-await-in-loop -- one directory at a time, then the loop's turn
			if (!this.context.isOpen) {
				return;
			}
		}
	}

	// Claim the directories that are new since the last pass, release those gone; false when past maxDirs.
	private account(directories: Set<string>): boolean {
		for (const directory of this.directories) {
			if (!directories.has(directory)) {
				this.context.release();
			}
		}

		const known = this.directories;
		this.directories = new Set();
		for (const directory of directories) {
			if (!known.has(directory) && !this.context.claim(directory)) {
				return false;
			}

			this.directories.add(directory);
		}

		return true;
	}

	private reportDifferences(files: Map<string, string>): void {
		for (const [file, now] of files) {
			if (this.files.get(file) !== now) {
				this.context.report(file);
			}
		}

		for (const file of this.files.keys()) {
			if (!files.has(file)) {
				this.context.report(file);
			}
		}
	}
}

const signature = (stats: Stats): string => `${stats.mtimeMs}:${stats.size}:${stats.ino}`;

function statOrNothing(file: string): Stats | undefined {
	try {
		return statSync(file);
	} catch (error) {
		return missing(error, undefined);
	}
}

function readdirOrNothing(directory: string): Dirent[] {
	try {
		return readdirSync(directory, {withFileTypes: true});
	} catch (error) {
		return missing(error, []);
	}
}

// A path deleted during the pass is simply not there; any other error aborts the pass.
function missing<T>(error: unknown, nothing: T): T {
	const {code} = error as NodeJS.ErrnoException;
	if (code === 'ENOENT' || code === 'ENOTDIR') {
		return nothing;
	}

	throw new PassAborted(`unable to poll: ${code}`, {cause: error});
}
