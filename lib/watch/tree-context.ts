import type {PathRules} from './path-rules.js';
import {maxDirsFailure, type WatchFailure} from './watch-failure.js';

// What one watched root (lib/watch/inotify-root.ts, poll-root.ts) needs from its tree: the patterns, the reports,
// the shared directory budget and the one failure. Every method is a no-op once the tree has failed or closed.
export type TreeContext = {
	readonly rules: PathRules;
	readonly isOpen: boolean;
	report(file: string): void;
	// Counts one more watched directory; false when the tree is no longer open or `directory` is one past maxDirs
	// (the tree has then failed).
	claim(directory: string): boolean;
	// One directory fewer (it was deleted, or its watch could not be opened).
	release(): void;
	fail(failure: WatchFailure): void;
};

// A root's handle: a tree closes its roots when it closes or fails.
export type RootWatch = {close(): void};

type Handlers = {change: (file: string) => void; failed: (failure: WatchFailure) => void};

// A tree's state (starting → open → failed | closed) and directory count behind the TreeContext its roots share;
// `closeAll` closes the roots and the poll timer.
export class TreeState implements TreeContext {
	directories = 0;
	private state: 'starting' | 'open' | 'failed' | 'closed' = 'starting';

	constructor(readonly rules: PathRules, private readonly maxDirs: number, private readonly handlers: Handlers, private readonly closeAll: () => void) {}

	get isOpen(): boolean {
		return this.state === 'starting' || this.state === 'open';
	}

	// watchTree has returned: reports may flow, a failure is reported at once.
	started(): void {
		if (this.state === 'starting') {
			this.state = 'open';
		}
	}

	report(file: string): void {
		if (this.state === 'open') {
			this.handlers.change(file);
		}
	}

	claim(directory: string): boolean {
		if (!this.isOpen) {
			return false;
		}

		if (this.directories >= this.maxDirs) {
			this.fail(maxDirsFailure(directory, this.maxDirs));
			return false;
		}

		this.directories++;
		return true;
	}

	release(): void {
		this.directories = Math.max(0, this.directories - 1);
	}

	fail(failure: WatchFailure): void {
		if (!this.isOpen) {
			return;
		}

		// Failing inside watchTree: the caller gets its TreeWatcher first, then the failure.
		const starting = this.state === 'starting';
		this.end('failed');
		if (starting) {
			queueMicrotask(() => this.handlers.failed(failure));
		} else {
			this.handlers.failed(failure);
		}
	}

	close(): void {
		if (this.isOpen) {
			this.end('closed');
		}
	}

	private end(state: 'failed' | 'closed'): void {
		this.state = state;
		this.closeAll();
		this.directories = 0;
	}
}
