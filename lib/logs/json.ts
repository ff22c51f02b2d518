import {splitLines} from './lines.js';
import type {Stream} from '../events/unit-events.js';

// One JSON object per line of the block: {time, name, stream, line}.
export function formatJson(name: string, stream: Stream, block: Buffer, now: Date): Buffer {
	const time = now.toISOString();
	let text = '';
	for (const line of splitLines(block)) {
		text += `${JSON.stringify({time, name, stream, line: line.toString('utf8')})}\n`;
	}

	return Buffer.from(text);
}

// A supervisor event: {time, name, event, ...details}.
export const jsonEvent = (name: string, event: string, details: Record<string, unknown>, now: Date): string =>
	`${JSON.stringify({time: now.toISOString(), name, event, ...details})}\n`;
