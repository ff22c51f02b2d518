// A reader this far behind (a `logs --follow` slower than a flooding child, or one that never reads) skips the
// live lines until it has caught up rather than have them buffered without end; other replies are always sent.
export const MAX_PENDING_BYTES = 1024 * 1024;

// What a skipper writes to: a socket, or an HTTP response (its writableLength counts its socket's too).
export type SkipperOutput = {readonly writableLength: number; write: (text: string) => unknown; on: (event: 'drain', listener: () => void) => unknown};

// Skips live lines for a reader more than MAX_PENDING_BYTES behind until its output has drained, then tells it how
// many it missed (`notice`: that message in the output's own framing), so the unit never waits for it and memory
// stays bounded. The control socket's `logs -f` and the HTTP streams (lib/http/) share it.
export class LineSkipper {
	#skipped = 0;

	constructor(private readonly output: SkipperOutput, private readonly notice: (text: string) => string) {
		output.on('drain', () => {
			this.tell();
		});
	}

	// True when this line must be skipped (the reader is behind, or has not caught up since it was).
	skip(): boolean {
		if (this.#skipped > 0 || this.output.writableLength > MAX_PENDING_BYTES) {
			this.#skipped++;
			return true;
		}

		return false;
	}

	// The notice of what was skipped, before anything else is written (an `end`, say) and once the reader has caught up.
	tell(): void {
		if (this.#skipped > 0) {
			const text = `${this.#skipped} lines skipped: this reader fell ${MAX_PENDING_BYTES / 1024} KiB behind`;
			this.#skipped = 0;
			this.output.write(this.notice(text));
		}
	}
}
