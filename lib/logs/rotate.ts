import {renameSync, rmSync} from 'node:fs';

const NEWLINE = 0x0A;

// Where the next piece of `data` written from `start` ends, for a file that holds `size` bytes: after the last
// whole line that keeps it within maxSize, or `start` when not one fits (rotate first). An empty file takes one
// line however long: a line is never split, so only a single line longer than maxSize makes a file larger.
export function pieceEnd(data: Buffer, start: number, size: number, maxSize: number): number {
	const room = maxSize - size;
	if (data.length - start <= room) {
		return data.length;
	}

	const fits = room > 0 ? data.lastIndexOf(NEWLINE, start + room - 1) + 1 : 0;
	if (fits > start) {
		return fits;
	}

	if (size > 0) {
		return start;
	}

	const newline = data.indexOf(NEWLINE, start);
	return newline === -1 ? data.length : newline + 1;
}

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
