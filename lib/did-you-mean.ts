// Edits between two words, a swap of neighbours counting as one (`stauts` → `status` is one edit).
function editDistance(a: string, b: string): number {
	const rows = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			rows[i]![j] = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				rows[i]![j] = Math.min(rows[i]![j]!, rows[i - 2]![j - 2]! + 1);
			}
		}
	}

	return rows[a.length]![b.length]!;
}

// The candidate closest to a mistyped word, if one is close enough to be what was meant (about a third of its
// letters wrong at most, as git's "did you mean" allows); undefined otherwise.
export function nearest(word: string, candidates: readonly string[]): string | undefined {
	const limit = Math.max(1, Math.floor(word.length / 3));
	let best: string | undefined;
	let bestDistance = Infinity;
	for (const candidate of candidates) {
		const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
		if (distance <= limit && distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}

	return best;
}

// `; did you mean "status"?` or nothing, to append to an error message.
export function didYouMean(word: string, candidates: readonly string[], quote = (text: string) => text): string {
	const match = nearest(word, candidates);
	return match === undefined ? '' : `; did you mean ${quote(match)}?`;
}
