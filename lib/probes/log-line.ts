import type {LineSource, Probe} from './probe.js';

// Passes once the child has written a stdout line matching the pattern (since this spawn started).
export class LogLineProbe implements Probe {
	#seen = false;
	readonly dispose: () => void;

	constructor(pattern: RegExp, lines: LineSource) {
		this.dispose = lines(line => {
			if (!this.#seen && pattern.test(line)) {
				this.#seen = true;
				this.dispose();
			}
		});
	}

	async check(): Promise<boolean> {
		return this.#seen;
	}
}
