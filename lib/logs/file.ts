import {closeSync, constants, fchownSync, fstatSync, lstatSync, openSync, writeSync} from 'node:fs';
import path from 'node:path';
import {makeDirectory} from '../make-directory.js';
import {pieceEnd, rotateFiles} from './rotate.js';

// After a failed write, try the file again this much later (a disk that was full may have room again).
const RETRY_MS = 5000;

const APPEND_NONBLOCK = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK;

export type LogFileOptions = {file: string; maxSize: number; keep: number; owner: {uid: number; gid: number} | null};

// One process's log file, written synchronously: lines land in order, memory stays flat, and rotation needs
// no draining. A failure is reported once per outage (onError) and never thrown: the console carries on.
export class LogFile {
	#fd: number | null = null;
	#size = 0;
	#regular = true;
	#failing = false;
	#retryAt = 0;

	constructor(private readonly options: LogFileOptions, private readonly onError: (error: NodeJS.ErrnoException) => void, private readonly now = Date.now) {}

	write(data: Buffer): void {
		if (this.#failing && this.now() < this.#retryAt) {
			return;
		}

		try {
			this.#fd ??= this.#open();
			for (let start = 0; start < data.length;) {
				let end = this.#regular ? pieceEnd(data, start, this.#size, this.options.maxSize) : data.length;
				if (end === start) {
					this.#rotate();
					end = pieceEnd(data, start, 0, this.options.maxSize);
				}

				this.#writeAll(data.subarray(start, end));
				start = end;
			}

			this.#failing = false;
		} catch (error) {
			this.close();
			this.#retryAt = this.now() + RETRY_MS;
			if (!this.#failing) {
				this.#failing = true;
				this.onError(error as NodeJS.ErrnoException);
			}
		}
	}

	close(): void {
		if (this.#fd !== null) {
			try {
				closeSync(this.#fd);
			} catch {}

			this.#fd = null;
		}
	}

	#writeAll(piece: Buffer): void {
		for (let offset = 0; offset < piece.length;) {
			offset += writeSync(this.#fd!, piece, offset);
		}

		this.#size += piece.length;
	}

	#rotate(): void {
		this.close();
		rotateFiles(this.options.file, this.options.keep);
		this.#fd = this.#open();
	}

	#open(): number {
		makeDirectory(path.dirname(this.options.file)); // EROFS named as such (make-directory.ts).
		// Non-blocking: a FIFO with no reader would block open() (and a full one write()) on the main thread,
		// freezing the whole unit; it fails with ENXIO or EAGAIN instead. Regular files are not affected.
		const fd = openSync(this.options.file, APPEND_NONBLOCK, 0o640);
		const stat = fstatSync(fd);
		// Only a regular file, named directly, is rotated: renaming /dev/null, or the /dev/stdout symlink to a file,
		// would break the host (as logrotate does, a symbolic link is never rotated).
		this.#regular = stat.isFile() && lstatSync(this.options.file).isFile();
		this.#size = stat.size;
		if (this.options.owner !== null && this.#regular) {
			fchownSync(fd, this.options.owner.uid, this.options.owner.gid); // Its own file, writable by it (docs/host.md).
		}

		return fd;
	}
}
