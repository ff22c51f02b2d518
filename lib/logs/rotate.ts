import {renameSync, rmSync} from 'node:fs';

// Rotate before a write that would take a non-empty file past maxSize; a single write larger than maxSize
// still goes whole into a fresh file (a line is never split), so a file may exceed maxSize by one write.
export const needsRotation = (size: number, incoming: number, maxSize: number): boolean =>
	size > 0 && size + incoming > maxSize;

// file → file.1 → … → file.KEEP (the oldest drops off), as logrotate and PM2 name them; keep 0 just truncates.
// Renames only: a reader following the file by name sees a new file, one following by fd keeps the old one.
export function rotateFiles(file: string, keep: number): void {
	if (keep === 0) {
		rmSync(file, {force: true});
		return;
	}

	for (let index = keep - 1; index >= 1; index--) {
		renameIfPresent(`${file}.${index}`, `${file}.${index + 1}`);
	}

	renameIfPresent(file, `${file}.1`);
}

function renameIfPresent(from: string, to: string): void {
	try {
		renameSync(from, to);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
			throw error;
		}
	}
}
