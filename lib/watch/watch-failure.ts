// Why a tree stopped being watched, and which limit to raise (docs/watch.md, How files are watched).
export type WatchFailure = {code: 'ENOSPC' | 'EMFILE' | 'maxDirs'; directory: string; limit: string; message: string};

// inotify_add_watch fails with ENOSPC past fs.inotify.max_user_watches (per user, shared by every process of the
// user); inotify_init1 fails with EMFILE past the open files limit or fs.inotify.max_user_instances.
const limits = {
	ENOSPC: 'fs.inotify.max_user_watches',
	EMFILE: 'the open files limit (ulimit -n)',
} as const;

// An error from fs.watch → a WatchFailure when it is a watch limit; null for anything else (a directory that
// vanished between the walk and the watch is not a failure).
export function limitFailure(error: unknown, directory: string): WatchFailure | null {
	const code = (error as NodeJS.ErrnoException | null)?.code;
	if (code !== 'ENOSPC' && code !== 'EMFILE') {
		return null;
	}

	const raise = code === 'ENOSPC'
		? `raise ${limits.ENOSPC} (sysctl fs.inotify.max_user_watches=524288), or use watch.poll`
		: `raise ${limits.EMFILE} or fs.inotify.max_user_instances, or use watch.poll`;
	return {code, directory, limit: limits[code], message: `unable to watch ${directory}: ${code}: ${raise}`};
}

// More directories than watch.maxDirs: `directory` is the first one past the limit.
export const maxDirsFailure = (directory: string, maxDirs: number): WatchFailure => ({
	code: 'maxDirs',
	directory,
	limit: `watch.maxDirs (${maxDirs})`,
	message: `unable to watch ${directory}: more than ${maxDirs} directories: raise watch.maxDirs, or ignore the directories that need no watching`,
});
