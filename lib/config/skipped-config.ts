import {lstat, readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {EXIT, SidecarError} from '../errors.js';
import {configReadError} from './load-error.js';

// cosmiconfig's search passes over a file it cannot read (EACCES, EISDIR: explorer.search in cosmiconfig 9) as if
// it were missing, so a config made unreadable, or a directory in its place, would leave the unit running without
// it or with a later file. Throws for the first such file among the search places that come before `found` (every
// place when nothing was found), in each directory searched, nearest first, up to the one `found` is in.
export async function assertNothingSkipped(directories: readonly string[], places: readonly string[], found: string | undefined): Promise<void> {
	for (const directory of directories) {
		const present = new Set(await readdir(directory).catch(() => [])); // One call per directory, not a stat per place.
		for (const place of places) {
			const file = path.join(directory, place);
			if (file === found) {
				return;
			}

			// Read again to learn why; package.json without a "sidecar" key is read fine and rightly passed over.
			if (present.has(place)) {
				await readFile(file).catch(async (error: unknown) => {
					const dangling = (error as NodeJS.ErrnoException).code === 'ENOENT' && (await lstat(file).catch(() => undefined))?.isSymbolicLink();
					throw dangling ? new SidecarError(`unable to read config ${file}: a symbolic link to a missing file`, EXIT.config, {cause: error}) : configReadError(file, error);
				});
			}
		}
	}
}
