// What the limit lets through: the item to send (an event with its crash context), and how many of its kind for its
// process were held back before it.
export type Admitted<T> = {item: T; folded: number};

type Window<T> = {start: number; folded: number; last: T | null};

// One notification per key (a hook and a process) per window (a minute, on the unit's clock): the first event of a
// window is sent, the rest are folded, and a summary says how many were as the window ends (`due`, `take`), or as the
// unit ends (`pending`) (docs/control.md, Notifications).
export class NotifyRateLimit<T> {
	readonly #windows = new Map<string, Window<T>>();

	constructor(private readonly now: () => number, private readonly windowMs = 60_000) {}

	// The item to send now with its folded count, or null when it is folded into the current window.
	admit(key: string, item: T): Admitted<T> | null {
		const now = this.now();
		const window = this.#windows.get(key);
		if (window !== undefined && now - window.start < this.windowMs) {
			window.folded++;
			window.last = item;
			return null;
		}

		this.#windows.set(key, {start: now, folded: 0, last: null});
		return {item, folded: window?.folded ?? 0};
	}

	// When the window of `key` ends (the time its summary is due).
	due(key: string): number {
		return (this.#windows.get(key)?.start ?? this.now()) + this.windowMs;
	}

	// The summary of `key`'s window that has ended, if anything was folded in it: sent now, it starts the next window.
	take(key: string): Admitted<T> | null {
		const window = this.#windows.get(key);
		if (window === undefined || window.folded === 0 || window.last === null || this.now() - window.start < this.windowMs) {
			return null;
		}

		this.#windows.set(key, {start: this.now(), folded: 0, last: null});
		return {item: window.last, folded: window.folded};
	}

	// The last folded item of each key not yet told, with its count; told from now on (each is returned once).
	pending(): Array<{key: string} & Admitted<T>> {
		const summaries = [...this.#windows].filter(([, {folded, last}]) => folded > 0 && last !== null)
			.map(([key, {folded, last}]) => ({key, item: last!, folded}));
		for (const {key} of summaries) {
			this.#windows.set(key, {start: this.now(), folded: 0, last: null});
		}

		return summaries;
	}
}
