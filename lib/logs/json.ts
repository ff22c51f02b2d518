import {splitLines} from './lines.js';
import type {Stream} from '../events/unit-events.js';
import {isPlainAscii} from './plain-ascii.js';

// One JSON object per line of the block: {time, name, stream, line}. A block that needs no escaping (plain-ascii.ts)
// is the lines' own text with the object's head before each line and `"}` after it, joined through latin1 strings
// (native replaceAll, as pretty.ts does); any other block takes JSON.stringify per line.
export function formatJson(name: string, stream: Stream, block: Buffer, now: Date): Buffer {
	const time = now.toISOString();
	if (block.length > 0 && isPlainAscii(block)) {
		// The head as latin1: its UTF-8 bytes one to one (a name may hold any character).
		const head = Buffer.from(`{"time":"${time}","name":${JSON.stringify(name)},"stream":"${stream}","line":"`).toString('latin1');
		const body = block.toString('latin1', 0, block.length - 1);
		return Buffer.from(`${head}${body.replaceAll('\n', `"}\n${head}`)}"}\n`, 'latin1');
	}

	let text = '';
	for (const line of splitLines(block)) {
		text += `${JSON.stringify({time, name, stream, line: line.toString('utf8')})}\n`;
	}

	return Buffer.from(text);
}

// A supervisor event: {time, name, event, ...details}.
export const jsonEvent = (name: string, event: string, details: Record<string, unknown>, now: Date): string =>
	`${JSON.stringify({time: now.toISOString(), name, event, ...details})}\n`;
