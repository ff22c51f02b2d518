import {closeSync, fchownSync, fstatSync, mkdirSync, openSync, writeSync} from 'node:fs';
import path from 'node:path';
import {needsRotation, rotateFiles} from './rotate.js';

// After a failed write, try the file again this much later (a disk that was full may have room again).
const RETRY_MS = 5000;

export type LogFileOptions = {file: string; maxSize: number; keep: number; owner: {uid: number; gid: number} | null};

// One process's log file, written synchronously: lines land in order, memory stays flat, and rotation needs
// no draining. A failure is reported once per outage (onError) and never thrown: the console carries on.
export class LogFile {
	#fd: number | null = null;
	#size = 0;
	#failing = false;
	#retryAt = 0;

	constructor(private readonly options: LogFileOptions, private readonly onError: (error: NodeJS.ErrnoException) => void, private readonly now = Date.now) {}

	write(data: Buffer): void {
		if (this.#failing && this.now() < this.#retryAt) {
			return;
		}

		try {
			this.#fd ??= this.#open();
			if (needsRotation(this.#size, data.length, this.options.maxSize)) {
				this.close();
				rotateFiles(this.options.file, this.options.keep);
				this.#fd = this.#open();
			}

			for (let offset = 0; offset < data.length;) {
				offset += writeSync(this.#fd, data, offset);
			}

			this.#size += data.length;
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

	#open(): number {
		mkdirSync(path.dirname(this.options.file), {recursive: true});
		const fd = openSync(this.options.file, 'a', 0o640);
		this.#size = fstatSync(fd).size;
		if (this.options.owner !== null) {
			fchownSync(fd, this.options.owner.uid, this.options.owner.gid); // Its own file, writable by it (issue 6, point 3).
		}

		return fd;
	}
}
