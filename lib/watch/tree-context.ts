import type {PathRules} from './path-rules.js';
import type {WatchFailure} from './watch-failure.js';

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
