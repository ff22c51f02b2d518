const NEWLINE = 0x0A;
const NEWLINE_BUFFER = Buffer.from('\n');

// A line longer than this is cut and printed in pieces, so one child cannot grow the supervisor's memory without bound.
export const MAX_LINE_BYTES = 1024 * 1024;

// Splits a child's output into blocks of whole lines (each line ending in "\n"); a partial last line waits for
// the next chunk. Blocks, not arrays of lines: the hot path then scans each byte once and allocates once per chunk.
export class LineBuffer {
	#rest: Buffer | undefined;

	// The whole lines completed by `chunk`, as one block (undefined when none is complete yet). A waiting
	// partial line is joined with only the head of the chunk, so a 64 KiB chunk is never copied whole.
	push(chunk: Buffer): Buffer | undefined {
		let body = chunk;
		let head: Buffer | undefined;
		if (this.#rest !== undefined) {
			const first = chunk.indexOf(NEWLINE) + 1;
			if (first === 0) {
				return this.#keep(Buffer.concat([this.#rest, chunk]));
			}

			head = Buffer.concat([this.#rest, chunk.subarray(0, first)]);
			body = chunk.subarray(first);
		}

		const end = body.lastIndexOf(NEWLINE) + 1;
		const cut = this.#keep(body.subarray(end));
		const block = head === undefined ? body.subarray(0, end) : (end === 0 ? head : Buffer.concat([head, body.subarray(0, end)]));
		return cut === undefined ? (block.length === 0 ? undefined : block) : Buffer.concat([block, cut]);
	}

	// Holds a partial line (copied, so its chunk can be freed); returns pieces cut from it when it grew too long.
	#keep(partial: Buffer): Buffer | undefined {
		this.#rest = partial.length === 0 ? undefined : Buffer.from(partial);
		return this.#rest !== undefined && this.#rest.length > MAX_LINE_BYTES ? this.#cut(this.#rest) : undefined;
	}

	// A last line with no newline, when the stream ends.
	flush(): Buffer | undefined {
		const rest = this.#rest;
		this.#rest = undefined;
		return rest === undefined ? undefined : Buffer.concat([rest, NEWLINE_BUFFER]);
	}

	#cut(long: Buffer): Buffer {
		const pieces: Buffer[] = [];
		let start = 0;
		for (; long.length - start > MAX_LINE_BYTES; start += MAX_LINE_BYTES) {
			pieces.push(long.subarray(start, start + MAX_LINE_BYTES), NEWLINE_BUFFER);
		}

		this.#rest = start < long.length ? Buffer.from(long.subarray(start)) : undefined;
		return Buffer.concat(pieces);
	}
}

// The lines of a block, without their newlines (for taps that need them one by one).
export function splitLines(block: Buffer): Buffer[] {
	const lines: Buffer[] = [];
	let start = 0;
	for (let end = block.indexOf(NEWLINE); end !== -1; end = block.indexOf(NEWLINE, start)) {
		lines.push(block.subarray(start, end));
		start = end + 1;
	}

	return lines;
}
