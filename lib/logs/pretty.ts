import type {Stream} from '../events/unit-events.js';
import {chalk, colorFor} from './colors.js';

// `logship | line` for stdout, `logship ! line` for stderr; names padded to one width so lines align.
export function prettyPrefix(name: string, width: number, stream: Stream, timestamps: boolean): (now: Date) => Buffer {
	const label = colorFor(name)(name.padEnd(width));
	const mark = stream === 'stderr' ? chalk.red('!') : '|';
	const fixed = Buffer.from(`${label} ${mark} `);
	return timestamps ? now => Buffer.concat([Buffer.from(`${chalk.dim(now.toISOString())} `), fixed]) : () => fixed;
}

// A block of whole lines (each ending in "\n", lines.ts) → one buffer with `prefix` before each line. Through latin1
// strings, whose characters are the bytes one to one (UTF-8 passes untouched): V8's replaceAll scans and copies in
// native code, twice as fast as a copy per line from JavaScript (docs/benchmarks.md, log throughput).
export function formatPretty(prefix: Buffer, block: Buffer): Buffer {
	if (block.length === 0) {
		return block;
	}

	const mark = prefix.toString('latin1');
	const body = block.toString('latin1', 0, block.length - 1);
	return Buffer.from(`${mark}${body.replaceAll('\n', `\n${mark}`)}\n`, 'latin1');
}

// A supervisor event as one pretty line: `sidecar | logship exited (code 1)`.
export function prettyEvent(width: number, name: string, event: string, details: Record<string, unknown>, now: Date | undefined): string {
	const shown = Object.entries(details).filter(([, value]) => value !== undefined && value !== null);
	const suffix = shown.length === 0 ? '' : ` (${shown.map(([key, value]) => `${key} ${String(value)}`).join(', ')})`;
	const time = now === undefined ? '' : `${chalk.dim(now.toISOString())} `;
	return `${time}${chalk.bold('sidecar'.padEnd(width))} | ${colorFor(name)(name)} ${event}${suffix}\n`;
}
