import {type FSWatcher, statSync, watch} from 'node:fs';

// One non-recursive fs.watch of a directory, with the inode it was opened on (a directory recreated under the same
// name is another one). Every watcher has an 'error' listener: an unhandled one would end the supervisor.
export type DirectoryWatcher = {watcher: FSWatcher; ino: number};

// Throws what fs.watch throws (ENOSPC, EMFILE, ENOENT …); events and errors go to the callbacks.
export function openDirectoryWatcher(directory: string, onEvent: (name: string | null) => void, onError: (error: Error) => void): DirectoryWatcher {
	const watcher = watch(directory, {encoding: 'utf8'});
	watcher.on('error', onError);
	watcher.on('change', (_type, name) => {
		onEvent(name as string | null);
	});
	return {watcher, ino: statSync(directory, {throwIfNoEntry: false})?.ino ?? -1};
}

// Closing the watcher of a deleted directory must not throw (nodejs/node#52018 is the recursive form of it).
export function closeQuietly({watcher}: DirectoryWatcher): void {
	try {
		watcher.close();
	} catch {}
}
