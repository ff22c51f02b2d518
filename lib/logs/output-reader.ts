import type {Readable} from 'node:stream';
import type {Stream, UnitEventsWriter} from '../events/unit-events.js';
import {unbrokenCounter} from './collect-young.js';
import {LineBuffer} from './lines.js';

// Reads one child stream until it ends and publishes its whole lines as `line` events; pauses the child while the
// console is behind, so a flooding child slows down instead of growing the supervisor's memory. `onBlock` sees each
// block too (the process's own stderr tail), without a round trip through the unit's stream.
export function readOutput(events: UnitEventsWriter, name: string, stream: Stream, source: Readable, onBlock?: (block: Buffer) => void): void {
	const lines = new LineBuffer();
	const countUnbroken = unbrokenCounter(); // A long line frees its read buffers early (collect-young.ts).
	const publish = (block: Buffer | undefined) => {
		if (block !== undefined) {
			events.publish({event: 'line', name, stream, block});
			onBlock?.(block);
		}
	};

	source.on('data', (chunk: Buffer) => {
		publish(lines.push(chunk));
		countUnbroken(chunk);
		if (events.pace.behind()) {
			source.pause();
			events.pace.whenDrained(() => source.resume());
		}
	});
	events.trackOutput(new Promise(resolve => {
		source.once('end', () => {
			publish(lines.flush());
			resolve();
		});
		source.once('close', resolve); // Destroyed or failed without an 'end'.
	}));
	source.on('error', () => {}); // The child's side closed: its 'exit' tells the story.
}
