import {chalk, colorFor} from './colors.js';

export type Stream = 'stdout' | 'stderr';

// `logship | line` for stdout, `logship ! line` for stderr; names padded to one width so lines align.
export function prettyPrefix(name: string, width: number, stream: Stream, timestamps: boolean): (now: Date) => Buffer {
	const label = colorFor(name)(name.padEnd(width));
	const mark = stream === 'stderr' ? chalk.red('!') : '|';
	const fixed = Buffer.from(`${label} ${mark} `);
	return timestamps ? now => Buffer.concat([Buffer.from(`${chalk.dim(now.toISOString())} `), fixed]) : () => fixed;
}

// Whole lines → one buffer, each line prefixed: one write per chunk keeps lines whole.
export function formatPretty(prefix: Buffer, lines: Buffer[]): Buffer {
	const parts: Buffer[] = [];
	let length = 0;
	for (const line of lines) {
		parts.push(prefix, line, NEWLINE);
		length += prefix.length + line.length + 1;
	}

	return Buffer.concat(parts, length);
}

const NEWLINE = Buffer.from('\n');

// A supervisor event as one pretty line: `sidecar | logship exited (code 1)`.
export function prettyEvent(width: number, name: string, event: string, details: Record<string, unknown>, now: Date | undefined): string {
	const shown = Object.entries(details).filter(([, value]) => value !== undefined && value !== null);
	const suffix = shown.length === 0 ? '' : ` (${shown.map(([key, value]) => `${key} ${String(value)}`).join(', ')})`;
	const time = now === undefined ? '' : `${chalk.dim(now.toISOString())} `;
	return `${time}${chalk.bold('sidecar'.padEnd(width))} | ${colorFor(name)(name)} ${event}${suffix}\n`;
}
