// Summaries of samples.
export const median = values => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export const summary = values => values.length === 0
	? null
	: {median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length};

// 0.123 → "0.12", 1234.5 → "1,235": enough digits to compare, no more.
export const fmt = value => {
	if (value === undefined || value === null || Number.isNaN(value)) {
		return '–';
	}

	const abs = Math.abs(value);
	const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
	return value.toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits});
};
