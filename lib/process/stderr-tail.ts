// The crash context of one spawn (docs/lifecycle.md, Crash context): the last lines it wrote to stderr, at most 20
// lines and 2 KiB, as Kubernetes' FallbackToLogsOnError keeps the end of a failed container's log.
export const TAIL_LINES = 20;
export const TAIL_BYTES = 2048;

// Keeps the last TAIL_BYTES of the blocks pushed (whole lines, from the output reader): a copy of at most 2 KiB per
// block, so a child flooding stderr costs no more than that; lines are decoded only when asked for.
export class StderrTail {
	#kept = Buffer.alloc(0);
	#cut = false;

	push(block: Buffer): void {
		const joined = block.length >= TAIL_BYTES ? block : Buffer.concat([this.#kept, block]);
		this.#cut ||= joined.length > TAIL_BYTES;
		this.#kept = Buffer.from(joined.subarray(Math.max(0, joined.length - TAIL_BYTES)));
	}

	// The last lines, oldest first; a line cut by the byte limit is left out.
	lines(): string[] {
		const lines = this.#kept.toString('utf8').split('\n');
		if (lines.at(-1) === '') {
			lines.pop();
		}

		if (this.#cut && lines.length > 1) {
			lines.shift();
		}

		return lines.slice(-TAIL_LINES);
	}

	clear(): void {
		this.#kept = Buffer.alloc(0);
		this.#cut = false;
	}
}
