export type Stream = 'stdout' | 'stderr';

// One read's whole lines of one child stream (lib/logs/lines.ts): every line ends in "\n".
export type LineBlock = {name: string; stream: Stream; block: Buffer};

export type LineListener = (line: LineBlock) => void;

// A subscription point: returns the function that unsubscribes; `signal`, when given, unsubscribes too.
export type LineFeed = {subscribe: (listener: LineListener, signal?: AbortSignal) => () => void};

// The unit's line channel, fanned out per process: a subscriber to one process's lines (its log file, log probe,
// stderr tail) is never called for another's (docs/architecture.md, The event stream). Listeners to every process
// (the console, `logs --follow`) are called first, then that process's own, each set in subscription order.
export class ProcessLines {
	readonly #every = new Set<LineListener>();
	readonly #byName = new Map<string, Set<LineListener>>();

	// This process's lines only.
	of(name: string): LineFeed {
		return {subscribe: (listener, signal) => this.#add(name, listener, signal)};
	}

	// Every process's lines.
	every(): LineFeed {
		return {subscribe: (listener, signal) => this.#add(null, listener, signal)};
	}

	publish(line: LineBlock): void {
		for (const listener of this.#every) {
			listener(line);
		}

		const own = this.#byName.get(line.name);
		if (own !== undefined) {
			for (const listener of own) {
				listener(line);
			}
		}
	}

	#add(name: string | null, listener: LineListener, signal?: AbortSignal): () => void {
		let listeners = name === null ? this.#every : this.#byName.get(name);
		if (listeners === undefined) {
			listeners = new Set();
			this.#byName.set(name!, listeners);
		}

		const set = listeners;
		set.add(listener);
		const unsubscribe = () => {
			set.delete(listener);
			if (name !== null && set.size === 0 && this.#byName.get(name) === set) {
				this.#byName.delete(name); // A process a reload removed leaves no empty set behind.
			}
		};

		signal?.addEventListener('abort', unsubscribe, {once: true});
		return unsubscribe;
	}
}
