const NEWLINE = 0x0A;

// A line longer than this is cut and printed in pieces, so one child cannot grow the supervisor's memory without bound.
export const MAX_LINE_BYTES = 1024 * 1024;

// Splits a child's output chunks into whole lines; a partial last line waits for the next chunk.
export class LineBuffer {
	#rest: Buffer | undefined;

	// The whole lines completed by `chunk`, without their newlines.
	push(chunk: Buffer): Buffer[] {
		const data = this.#rest === undefined ? chunk : Buffer.concat([this.#rest, chunk]);
		const lines: Buffer[] = [];
		let start = 0;
		let end = data.indexOf(NEWLINE, start);
		while (end !== -1) {
			lines.push(data.subarray(start, end));
			start = end + 1;
			end = data.indexOf(NEWLINE, start);
		}

		while (data.length - start > MAX_LINE_BYTES) {
			lines.push(data.subarray(start, start + MAX_LINE_BYTES));
			start += MAX_LINE_BYTES;
		}

		// Copy the remainder so the (often 64 KiB) chunk it came from can be freed.
		this.#rest = start < data.length ? Buffer.from(data.subarray(start)) : undefined;
		return lines;
	}

	// A last line with no newline, when the stream ends.
	flush(): Buffer[] {
		const rest = this.#rest;
		this.#rest = undefined;
		return rest === undefined ? [] : [rest];
	}
}
