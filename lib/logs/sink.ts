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
