const NEWLINE = 0x0A;
const NEWLINE_BUFFER = Buffer.from('\n');

// A line longer than this is cut and printed in pieces, so one child cannot grow the supervisor's memory without bound.
export const MAX_LINE_BYTES = 1024 * 1024;

// Splits a child's output into blocks of whole lines (each line ending in "\n"); a partial last line waits for
// the next chunk. Blocks, not arrays of lines: the hot path then scans each byte once and allocates once per chunk.
// A partial line is kept as the chunks it came in and joined once, when its newline comes or it passes
// MAX_LINE_BYTES: joining it again at every chunk made a long line cost ~2.5× the supervisor's memory (issue 21).
export class LineBuffer {
	#parts: Buffer[] = [];
	#length = 0;

	// The whole lines completed by `chunk`, as one block (undefined when none is complete yet).
	push(chunk: Buffer): Buffer | undefined {
		const end = chunk.lastIndexOf(NEWLINE) + 1;
		if (end === 0) {
			return this.#hold(chunk);
		}

		const lines = this.#length === 0 ? chunk.subarray(0, end) : Buffer.concat([...this.#take(), chunk.subarray(0, end)]);
		const block = lines.length > MAX_LINE_BYTES ? cutLongLines(lines) : lines;
		// The rest of the chunk is copied, so the chunk itself can be freed.
		const cut = end === chunk.length ? undefined : this.#hold(Buffer.from(chunk.subarray(end)));
		return cut === undefined ? block : Buffer.concat([block, cut]);
	}

	// A last line with no newline, when the stream ends.
	flush(): Buffer | undefined {
		return this.#length === 0 ? undefined : Buffer.concat([...this.#take(), NEWLINE_BUFFER]);
	}

	// Keeps a piece of the partial line; once the line passes MAX_LINE_BYTES, returns its 1 MiB pieces as lines,
	// each copied once, straight from the chunks into the block (what is left stays partial).
	#hold(piece: Buffer): Buffer | undefined {
		this.#parts.push(piece);
		this.#length += piece.length;
		if (this.#length <= MAX_LINE_BYTES) {
			return undefined;
		}

		const block = Buffer.allocUnsafe(Math.floor((this.#length - 1) / MAX_LINE_BYTES) * (MAX_LINE_BYTES + 1));
		let at = 0;
		let room = MAX_LINE_BYTES;
		for (const part of this.#take()) {
			let from = 0;
			while (from < part.length && at < block.length) {
				const copied = part.copy(block, at, from, from + Math.min(room, part.length - from));
				at += copied;
				from += copied;
				room -= copied;
				if (room === 0) {
					block[at++] = NEWLINE;
					room = MAX_LINE_BYTES;
				}
			}

			if (from < part.length) {
				this.#parts.push(from === 0 ? part : Buffer.from(part.subarray(from)));
				this.#length += part.length - from;
			}
		}

		return block;
	}

	#take(): Buffer[] {
		const parts = this.#parts;
		this.#parts = [];
		this.#length = 0;
		return parts;
	}
}

// A block with every line longer than MAX_LINE_BYTES cut into pieces of that size (a chunk larger than the bound).
function cutLongLines(block: Buffer): Buffer {
	const pieces: Buffer[] = [];
	let from = 0;
	for (let start = 0, end = block.indexOf(NEWLINE); end !== -1; start = end + 1, end = block.indexOf(NEWLINE, start)) {
		if (end - start > MAX_LINE_BYTES) {
			pieces.push(block.subarray(from, start));
			for (; end - start > MAX_LINE_BYTES; start += MAX_LINE_BYTES) {
				pieces.push(block.subarray(start, start + MAX_LINE_BYTES), NEWLINE_BUFFER);
			}

			from = start;
		}
	}

	return pieces.length === 0 ? block : Buffer.concat([...pieces, block.subarray(from)]);
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
