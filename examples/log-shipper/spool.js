// A disk buffer: entries are appended as JSON lines and stay until the collector has acknowledged them.
// The acknowledged byte offset and the follower's position are saved together, atomically (write + rename).
import {appendFileSync, existsSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync} from 'node:fs';

export class Spool {
	constructor(directory) {
		this.file = `${directory}/spool.jsonl`;
		this.stateFile = `${directory}/state.json`;
		if (!existsSync(this.file)) {
			writeFileSync(this.file, '');
		}

		const state = existsSync(this.stateFile) ? JSON.parse(readFileSync(this.stateFile, 'utf8')) : {};
		this.acked = Math.min(state.acked ?? 0, statSync(this.file).size);
		this.position = state.position ?? {};
	}

	append(entries) {
		appendFileSync(this.file, entries.map(entry => `${JSON.stringify(entry)}\n`).join(''));
	}

	// Up to `max` unacknowledged entries and the number of bytes they span.
	peek(max) {
		const pending = readFileSync(this.file).subarray(this.acked, this.acked + (1024 * 1024)).toString('utf8').split('\n');
		const entries = pending.slice(0, -1).slice(0, max);
		const bytes = entries.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
		return {entries: entries.map(line => JSON.parse(line)), bytes};
	}

	pending() {
		return statSync(this.file).size - this.acked;
	}

	ack(bytes) {
		this.acked += bytes;
		if (this.acked === statSync(this.file).size) {
			truncateSync(this.file); // All delivered: start the buffer over so it never grows without bound.
			this.acked = 0;
		}
	}

	save(position) {
		this.position = position;
		writeFileSync(`${this.stateFile}.tmp`, JSON.stringify({acked: this.acked, position}));
		renameSync(`${this.stateFile}.tmp`, this.stateFile);
	}
}
