import {existsSync} from 'node:fs';
import path from 'node:path';

// What marks a project's root: the config search stops there (cosmiconfig's 'project' strategy stops at package.json
// only, and walks to / when there is none; a .git folder also ends a project that has no package.json).
const ROOT_MARKERS = ['package.json', '.git'];

// The working directory and its parents up to the project root, nearest first; only the working directory when it
// is in no project (a config in some unrelated parent folder must not be picked up).
export function projectDirectories(cwd: string): string[] {
	const directories: string[] = [];
	for (let directory = path.resolve(cwd); ; directory = path.dirname(directory)) {
		directories.push(directory);
		if (ROOT_MARKERS.some(marker => existsSync(path.join(directory, marker)))) {
			return directories;
		}

		if (path.dirname(directory) === directory) {
			return directories.slice(0, 1);
		}
	}
}
