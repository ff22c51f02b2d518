import {mkdirSync} from 'node:fs';
import path from 'node:path';

// `mkdir -p` that throws the real errno: Node's recursive mkdir reports ENOENT for a folder it cannot make on a
// read-only filesystem (EROFS) or a full disk (nodejs/node#47098), so on ENOENT it is redone a level at a time.
export function makeDirectory(directory: string, mode?: number): void {
	try {
		mkdirSync(directory, {recursive: true, mode});
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
			throw error;
		}

		makeEachLevel(directory, mode);
	}
}

function makeEachLevel(directory: string, mode: number | undefined): void {
	try {
		mkdirSync(directory, {mode});
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		const parent = path.dirname(directory);
		if (code === 'ENOENT' && parent !== directory) {
			makeEachLevel(parent, mode);
			mkdirSync(directory, {mode});
		} else if (code !== 'EEXIST') {
			throw error;
		}
	}
}
