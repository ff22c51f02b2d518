// What users write for `watch` (docs/watch.md); sidecar-config.ts uses it, tools/schema.js follows it there.
import type {Duration, SignalName} from './spec-values.js';

// Who a watch's signal goes to: the process itself (default), or its whole process group.
export type WatchSignalSpec = {
	/** The signal sent when a watched file changes, e.g. 'SIGHUP'. */
	signal: SignalName;
	/** 'process' (default): the process itself; 'group': every process of its tree. */
	to?: 'process' | 'group';
};

// What a change does: restart through the normal stop path, send a signal, or run a step first.
export type WatchActionSpec = 'restart' | WatchSignalSpec | {
	/** A build or validation step run first (a shell string or an argv array); if it fails, the running process is left as it is. */
	exec: string | string[];
	/** What follows a step that succeeded: 'restart', or {signal}. */
	then: 'restart' | WatchSignalSpec;
	/** How long the step may run; default 2m. */
	timeout?: Duration;
};

// Files whose change acts on the process (docs/watch.md).
export type WatchSpec = {
	/**
	 * Files and directories, relative to the config's directory: a directory is watched with all below it, a file through its directory.
	 * @minItems 1
	 */
	paths: string[];
	/** Patterns of paths never watched (added to the defaults: .git, node_modules, dist, build, coverage, editor swap files). A pattern with '/' matches from the watched directory, one without the name at any depth. */
	ignore?: string[];
	/** Only changes to paths matching one of these patterns act (default: every path). */
	include?: string[];
	/** Changes within this long of each other act once; default 300ms. */
	debounce?: Duration;
	/** 'restart' (default), {signal, to?}, or {exec, then, timeout?}: a step first, the process left as it is if the step fails. */
	action?: WatchActionSpec;
	/** Also restart the processes that depend on this one, once it is ready again; default false. */
	cascade?: boolean;
	/** 'dev': only under `sidecar run --watch`; 'always': also without it. Default: 'dev' for a restart, 'always' for a signal. */
	when?: 'dev' | 'always';
	/** Poll every this long instead of inotify (network file systems), e.g. '2s'; default: no polling. */
	poll?: Duration;
	/**
	 * At most this many directories watched; past it, a `watch-failed` event and the process runs unwatched. Default 8192.
	 * @asType integer
	 * @minimum 1
	 */
	maxDirs?: number;
};
