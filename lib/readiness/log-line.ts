import type {LineFeed, UnitEventsReader} from '../events/unit-events.js';
import {splitLines} from '../logs/lines.js';
import type {LineSource, Probe} from './probe.js';
import {failed, PASSED, type ProbeResult} from './result.js';

// Passes once the child has written a stdout line matching the pattern (since this spawn started).
export class LogLineProbe implements Probe {
	#seen = false;
	readonly dispose: () => void;
	readonly passed: Promise<void>;

	constructor(pattern: RegExp, lines: LineSource) {
		let pass = () => {};
		this.passed = new Promise(resolve => {
			pass = resolve;
		});
		this.dispose = lines(line => {
			if (!this.#seen && pattern.test(line)) {
				this.#seen = true;
				this.dispose();
				pass();
			}
		});
	}

	async check(): Promise<ProbeResult> {
		return this.#seen ? PASSED : failed('no matching line yet');
	}
}

// A log probe's source: the stdout lines of one process's feed (`events.lines.of(name)`) from now on.
export const stdoutLines = (feed: LineFeed): LineSource => listener => feed.subscribe(({stream, block}) => {
	if (stream === 'stdout') {
		for (const line of splitLines(block)) {
			listener(line.toString('utf8'));
		}
	}
});

// An sdNotify probe's source: the lines of the datagrams this process sends to its NOTIFY_SOCKET (host/notify-socket.ts).
export const notifiedLines = (name: string, events: Pick<UnitEventsReader, 'on'>): LineSource => listener => events.on('notified', event => {
	if (event.name === name) {
		for (const line of event.message.split('\n')) {
			listener(line);
		}
	}
});
