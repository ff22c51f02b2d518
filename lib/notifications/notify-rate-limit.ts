// What the limit lets through: the item to send (an event with its crash context), and how many of its kind for its
// process were held back before it.
export type Admitted<T> = {item: T; folded: number};

type Window<T> = {start: number; folded: number; last: T | null};

// One notification per key (a hook and a process) per window (a minute, on the unit's clock): the first event of a
// window is sent, the rest are folded, and the next one sent after the window says how many were (docs/control.md,
// Notifications). `pending` gives the folded ones no later event carried, as one summary each, when the unit ends.
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
