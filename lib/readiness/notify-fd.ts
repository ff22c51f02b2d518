import type {Readable} from 'node:stream';
import type {Probe} from './probe.js';
import {failed, PASSED, type ProbeResult} from './result.js';

// Passes at the first line the child writes to its notify pipe (fd 3, NOTIFY_FD / READY_FD: s6's and OpenRC's
// readiness convention); a pipe closed without a line can never pass, and says so. Later writes are read and dropped,
// so a child that writes again never meets EPIPE.
export class NotifyFdProbe implements Probe {
	#result: ProbeResult = failed('no line on fd 3 yet');
	readonly passed: Promise<void>;

	constructor(pipe: Readable) {
		let pass = () => {};
		this.passed = new Promise(resolve => {
			pass = resolve;
		});
		const onData = (chunk: Buffer) => {
			if (chunk.includes(10)) {
				this.#result = PASSED;
				pipe.off('data', onData);
				pipe.resume();
				pass();
			}
		};

		pipe.on('data', onData);
		pipe.once('end', () => {
			if (!this.#result.passed) {
				this.#result = failed('fd 3 was closed without a line');
			}
		});
		pipe.on('error', () => {}); // Destroyed by us, or the child is gone: the verdict stands.
	}

	async check(): Promise<ProbeResult> {
		return this.#result;
	}
}
