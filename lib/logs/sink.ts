import {createWriteStream, fstatSync} from 'node:fs';
import type {Writable} from 'node:stream';

// The supervisor's stdout. A closed reader (`sidecar run | head`) turns writes into no-ops instead of
// crashing the unit; a slow reader makes `write` return false so the caller pauses its children.
export class OutputSink {
	#closed = false;
	#waiters: Array<() => void> = [];

	constructor(private readonly stream: Writable) {
		stream.on('error', () => {
			this.#closed = true;
			this.#release();
		});
		stream.on('drain', () => {
			this.#release();
		});
	}

	// False when the reader is behind: call `whenDrained` before writing more.
	write(data: Buffer | string): boolean {
		if (this.#closed) {
			return true;
		}

		return this.stream.write(data);
	}

	// True while the reader is behind (the last write returned false and no 'drain' came yet).
	behind(): boolean {
		return !this.#closed && this.stream.writableNeedDrain;
	}

	// Resolves once everything written so far has reached fd 1 (or the reader is gone): before the supervisor exits.
	async flushed(): Promise<void> {
		await flushed(this.stream);
	}

	whenDrained(resume: () => void): void {
		if (this.#closed || !this.stream.writableNeedDrain) {
			resume();
		} else {
			this.#waiters.push(resume);
		}
	}

	#release(): void {
		const waiters = this.#waiters;
		this.#waiters = [];
		for (const resume of waiters) {
			resume();
		}
	}
}

// An empty write calls back once every write before it is done, or with the error that ended the stream.
export async function flushed(stream: Writable): Promise<void> {
	if (stream.destroyed || stream.writableEnded || stream.writableLength === 0) {
		return;
	}

	await new Promise<void>(resolve => {
		stream.write('', () => {
			resolve();
		});
	});
}

// Where the supervisor's output goes. When stdout is a regular file, Node writes it synchronously on the main
// thread, so reading the children stalls on every write; a write stream on fd 1 moves the writes to the thread
// pool (ordered, with back-pressure) and reading goes on meanwhile. Pipes are already asynchronous, TTYs fast.
export function openStdout(): Writable {
	try {
		if (fstatSync(1).isFile()) {
			return createWriteStream('', {fd: 1, autoClose: false, highWaterMark: 1024 * 1024});
		}
	} catch {} // No fd 1 at all: process.stdout reports that itself.

	return process.stdout;
}
