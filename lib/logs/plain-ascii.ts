import {isAscii} from 'node:buffer';

const NEWLINE = 0x0A;
const QUOTE = 0x22;
const BACKSLASH = 0x5C;

// True when a block's lines need no JSON escaping: ASCII with no `"`, no `\` and no control character but its
// newlines. Such a block is its own JSON string body, so json.ts prefixes it as pretty.ts does instead of calling
// JSON.stringify per line (~3.8 ms of CPU per MB instead of ~10.7: docs/benchmarks.md, Log CPU). ASCII, `"` and `\`
// are native scans; control characters are looked for four bytes at a time (a byte loop costs 3× as much).
export function isPlainAscii(block: Buffer): boolean {
	return isAscii(block) && block.indexOf(QUOTE) === -1 && block.indexOf(BACKSLASH) === -1 && !hasControl(block);
}

// A byte below 0x20 other than a newline, in an ASCII block.
function hasControl(block: Buffer): boolean {
	const start = Math.min(block.length, (4 - (block.byteOffset % 4)) % 4); // Uint32Array needs an aligned offset.
	const words = (block.length - start) >>> 2;
	const end = start + (words * 4);
	if (isControl(block, 0, start) || isControl(block, end, block.length)) {
		return true;
	}

	if (words === 0) {
		return false; // A block shorter than its alignment gap: no view to make.
	}

	const view = new Uint32Array(block.buffer, block.byteOffset + start, words);
	for (let index = 0; index < words; index++) {
		const word = view[index]!;
		// Bit 7 of each byte below 0x20, and of each newline: exact, as every byte is below 0x80 (no carry crosses bytes).
		const low = ~(word + 0x60_60_60_60) & 0x80_80_80_80;
		if (low !== 0 && low !== (~((word ^ 0x0A_0A_0A_0A) + 0x7F_7F_7F_7F) & 0x80_80_80_80)) {
			return true;
		}
	}

	return false;
}

const isControl = (block: Buffer, from: number, to: number): boolean => {
	for (let index = from; index < to; index++) {
		if (block[index]! < 0x20 && block[index] !== NEWLINE) {
			return true;
		}
	}

	return false;
};
