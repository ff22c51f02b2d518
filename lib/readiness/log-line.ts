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
