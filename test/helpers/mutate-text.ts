// Seeded mutations of a text for the import fuzz tests: a failure names its seed and case, and replays.

// mulberry32: a small seeded PRNG.
export function seededRandom(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6D_2B_79_F5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

// One to three edits: delete a span (up to `span` characters), duplicate one, insert 1–4 pieces (from `alphabet`, else
// random bytes), or cut the text short.
export function mutateText(text: string, next: () => number, {span = 12, alphabet}: {span?: number; alphabet?: readonly string[]} = {}): string {
	let result = text;
	for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
		const start = Math.floor(next() * (result.length + 1));
		const length = 1 + Math.floor(next() * span);
		const kind = Math.floor(next() * 4);
		if (kind === 0) {
			result = result.slice(0, start) + result.slice(start + length);
		} else if (kind === 1) {
			result = result.slice(0, start) + result.slice(start, start + length).repeat(2) + result.slice(start + length);
		} else if (kind === 2) {
			const piece = () => alphabet === undefined ? String.fromCharCode(Math.floor(next() * 256)) : alphabet[Math.floor(next() * alphabet.length)]!;
			result = result.slice(0, start) + Array.from({length: 1 + Math.floor(next() * 4)}, piece).join('') + result.slice(start);
		} else {
			result = result.slice(0, start);
		}
	}

	return result;
}
