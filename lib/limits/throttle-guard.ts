import type {World} from '../process/world.js';

// Where the supervisor's `exit` is heard: its world's signal source.
type ExitHost = World['signals'];

// What the guard needs of a throttle: a synchronous SIGCONT (an 'exit' listener cannot await).
export type Resumable = {resume: () => void};

// Sends SIGCONT to every throttled tree when the supervisor exits for any reason Node can still run code for.
export class ThrottleGuard {
	readonly #host: ExitHost;
	readonly #throttles = new Set<Resumable>();
	readonly #onExit = () => {
		for (const throttle of this.#throttles) {
			throttle.resume();
		}
	};

	// host: `process` in production, an EventEmitter in tests.
	constructor(host: ExitHost = process) {
		this.#host = host;
	}

	add(throttle: Resumable): void {
		if (this.#throttles.size === 0) {
			this.#host.on('exit', this.#onExit);
		}

		this.#throttles.add(throttle);
	}

	delete(throttle: Resumable): void {
		if (this.#throttles.delete(throttle) && this.#throttles.size === 0) {
			this.#host.off('exit', this.#onExit);
		}
	}
}
