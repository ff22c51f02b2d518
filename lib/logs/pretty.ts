import type {Stream} from '../events/unit-events.js';
import {colorFor, colors} from './colors.js';

const PIPE_READ_BYTES = 64 * 1024;

// `logship | line` for stdout, `logship ! line` for stderr; names padded to one width so lines align. The console
// draws it in colour; log files draw the same prefix without (`color: false`).
export function prettyPrefix(name: string, width: number, stream: Stream, timestamps: boolean, color = true): (now: Date) => Buffer {
	const label = color ? colorFor(name)(name.padEnd(width)) : name.padEnd(width);
	const mark = stream === 'stderr' ? (color ? colors.red('!') : '!') : '|';
	const fixed = Buffer.from(`${label} ${mark} `);
	const stamp = (now: Date) => (color ? colors.dim(now.toISOString()) : now.toISOString());
	return timestamps ? now => Buffer.concat([Buffer.from(`${stamp(now)} `), fixed]) : () => fixed;
}

// A block of whole lines (each ending in "\n", lines.ts) → one buffer with `prefix` before each line. Through latin1
// strings, whose characters are the bytes one to one (UTF-8 passes untouched): V8's replaceAll scans and copies in
// native code, twice as fast as a copy per line from JavaScript (docs/benchmarks.md, log throughput). Measured again
// for issue 29 on a flood's 64 KiB blocks: 0.74 ms of CPU per MB, against 0.85 for copyWithin into one buffer, 1.3 for
// a copy per line and 2.1 for a byte loop. A block of long lines is copied as bytes instead: three strings of each
// 1 MiB piece grew V8's heap by ~70 MiB for a 50 MiB line.
export function formatPretty(prefix: Buffer, block: Buffer): Buffer {
	if (block.length === 0) {
		return block;
	}

	if (isLongLines(block)) {
		return Buffer.concat(prettyPieces(prefix, block));
	}

	const mark = prefix.toString('latin1');
	const body = block.toString('latin1', 0, block.length - 1);
	return Buffer.from(`${mark}${body.replaceAll('\n', `\n${mark}`)}\n`, 'latin1');
}

// A pipe hands over at most 64 KiB a read, but a block also holds the partial line the read before left (lines.ts):
// a flood of short lines makes blocks of 64 KiB and a little more. Past four reads, a block holds a long line.
// (At 64 KiB, every other block of a flood was written as ~1,300 pieces: ~0.5 ms more CPU per MB, bench/scenarios/log-cpu.js.)
export const isLongLines = (block: Buffer): boolean => block.length > 4 * PIPE_READ_BYTES;

// A block as `prefix`, line, `prefix`, line…: views of the block, nothing copied (the console writes them one by one).
export function prettyPieces(prefix: Buffer, block: Buffer): Buffer[] {
	const pieces: Buffer[] = [];
	let start = 0;
	for (let end = block.indexOf(0x0A); end !== -1; end = block.indexOf(0x0A, start)) {
		pieces.push(prefix, block.subarray(start, end + 1));
		start = end + 1;
	}

	return pieces;
}

// A supervisor event as one pretty line: `sidecar | logship exited (code 1)`.
// A list (the stderr tail of a crash) follows on lines of its own: `sidecar |   stderr: <line>`.
export function prettyEvent(width: number, name: string, event: string, details: Record<string, unknown>, now: Date | undefined): string {
	const shown = Object.entries(details).filter(([, value]) => value !== undefined && value !== null && !Array.isArray(value));
	const suffix = shown.length === 0 ? '' : ` (${shown.map(([key, value]) => `${key} ${String(value)}`).join(', ')})`;
	const time = now === undefined ? '' : `${colors.dim(now.toISOString())} `;
	const head = `${time}${colors.bold('sidecar'.padEnd(width))} |`;
	const lists = Object.entries(details).filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]))
		.flatMap(([key, items]) => items.map(item => `${head}   ${key}: ${String(item)}\n`));
	return `${head} ${colorFor(name)(name)} ${event}${suffix}\n${lists.join('')}`;
}
