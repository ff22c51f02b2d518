import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

let root: string | undefined;

// A file of this installation, by its path from the package root: found upward from this module, which is
// dist/lib/package-root.js as tsc emits it and part of dist/cli/sidecar.js or one of its chunks once bundled
// (tools/bundle.js), so no fixed number of `../` holds for all.
export function packageFile(relative: string): string {
	root ??= findRoot(path.dirname(fileURLToPath(import.meta.url)));
	return path.join(root, relative);
}

function findRoot(start: string): string {
	for (let dir = start; ; dir = path.dirname(dir)) {
		if (existsSync(path.join(dir, 'package.json')) || dir === path.dirname(dir)) {
			return dir;
		}
	}
}
