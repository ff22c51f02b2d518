import type {Stream} from '../events/unit-events.js';
import {chalk, colorFor} from './colors.js';

// `logship | line` for stdout, `logship ! line` for stderr; names padded to one width so lines align. The console
// draws it in colour; log files draw the same prefix without (`color: false`).
export function prettyPrefix(name: string, width: number, stream: Stream, timestamps: boolean, color = true): (now: Date) => Buffer {
	const label = color ? colorFor(name)(name.padEnd(width)) : name.padEnd(width);
	const mark = stream === 'stderr' ? (color ? chalk.red('!') : '!') : '|';
	const fixed = Buffer.from(`${label} ${mark} `);
	const stamp = (now: Date) => (color ? chalk.dim(now.toISOString()) : now.toISOString());
	return timestamps ? now => Buffer.concat([Buffer.from(`${stamp(now)} `), fixed]) : () => fixed;
}

// A block of whole lines → one buffer with `prefix` before each line: one allocation, one pass over the bytes.
export function formatPretty(prefix: Buffer, block: Buffer): Buffer {
	let count = 0;
	for (let index = block.indexOf(NEWLINE); index !== -1; index = block.indexOf(NEWLINE, index + 1)) {
		count++;
	}

	const output = Buffer.allocUnsafe(block.length + (count * prefix.length));
	let at = 0;
	let start = 0;
	for (let end = block.indexOf(NEWLINE); end !== -1; end = block.indexOf(NEWLINE, start)) {
		at += prefix.copy(output, at);
		at += block.copy(output, at, start, end + 1);
		start = end + 1;
	}

	return output;
}

const NEWLINE = 0x0A;

// A supervisor event as one pretty line: `sidecar | logship exited (code 1)`.
// A list (the stderr tail of a crash) follows on lines of its own: `sidecar |   stderr: <line>`.
export function prettyEvent(width: number, name: string, event: string, details: Record<string, unknown>, now: Date | undefined): string {
	const shown = Object.entries(details).filter(([, value]) => value !== undefined && value !== null && !Array.isArray(value));
	const suffix = shown.length === 0 ? '' : ` (${shown.map(([key, value]) => `${key} ${String(value)}`).join(', ')})`;
	const time = now === undefined ? '' : `${chalk.dim(now.toISOString())} `;
	const head = `${time}${chalk.bold('sidecar'.padEnd(width))} |`;
	const lists = Object.entries(details).filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]))
		.flatMap(([key, items]) => items.map(item => `${head}   ${key}: ${String(item)}\n`));
	return `${head} ${colorFor(name)(name)} ${event}${suffix}\n${lists.join('')}`;
}
