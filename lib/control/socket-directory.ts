import {chmodSync, lstatSync} from 'node:fs';
import path from 'node:path';
import {EXIT, SidecarError} from '../errors.js';
import {makeDirectory} from '../make-directory.js';

// Makes the directory that holds the socket, 0700 and ours: another user must not be able to reach (or pre-create)
// it (docs/control.md). Anything else is one line naming the directory and the errno, exit 69.
export function prepareSocketDirectory(directory: string, unitName: string): void {
	const refuse = (why: string, cause?: unknown) =>
		new SidecarError(`unable to start unit "${unitName}": ${directory} ${why}`, EXIT.unavailable, {cause});
	let info;
	try {
		makeDirectory(directory, 0o700);
		info = lstatSync(directory);
	} catch (error) {
		throw refuse(`cannot be made for the control socket: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, error);
	}

	if (!info.isDirectory() || info.uid !== process.getuid?.()) {
		throw refuse('is not a directory owned by this user');
	}

	// Wider than 0700 in a folder others can reach (/tmp), someone else may have been in it: refused, not repaired.
	// Inside a private XDG_RUNTIME_DIR nobody else could have, so it is set to 0700.
	if ((info.mode & 0o077) !== 0 && !isPrivate(path.dirname(directory))) {
		throw refuse(`has mode ${(info.mode & 0o777).toString(8).padStart(4, '0')}, expected 0700`);
	}

	if ((info.mode & 0o777) !== 0o700) {
		chmodSync(directory, 0o700);
	}
}

function isPrivate(directory: string): boolean {
	try {
		const info = lstatSync(directory);
		return info.isDirectory() && info.uid === process.getuid?.() && (info.mode & 0o077) === 0;
	} catch {
		return false;
	}
}
