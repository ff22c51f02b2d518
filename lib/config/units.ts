const durationUnits: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000};
const sizeUnits: Record<string, number> = {
	'': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3,
};

// The string grammars, in the one form both the parsers here and schema.json (tools/schema.js) can use: no flags, so
// letter case is spelled out. A size's number is above zero (a digit 1-9 somewhere), as parseSize requires.
export const DURATION_PATTERN = String.raw`^\s*(\d+(?:\.\d+)?)\s*([mM][sS]|[sSmMhH])\s*$`;
export const SIZE_PATTERN = String.raw`^\s*(\d*[1-9]\d*(?:\.\d+)?|\d+\.\d*[1-9]\d*)\s*([bB]|[kKmMgG](?:[iI]?[bB])?)?\s*$`;
const duration = new RegExp(DURATION_PATTERN);
const size = new RegExp(SIZE_PATTERN);

// '250ms' | '10s' | '2m' | '1h' | 1500 → milliseconds; undefined when it is not a duration.
export function parseDuration(value: number | string): number | undefined {
	if (typeof value === 'number') {
		return Number.isFinite(value) && value >= 0 ? value : undefined;
	}

	const match = duration.exec(String(value));
	return match ? Math.round(Number(match[1]) * durationUnits[match[2]!.toLowerCase()]!) : undefined;
}

// '256MiB' | '512K' | '1G' | 1024 → bytes (binary units, docs/config.md); undefined when it is not a size.
export function parseSize(value: number | string): number | undefined {
	if (typeof value === 'number') {
		return Number.isSafeInteger(value) && value > 0 ? value : undefined;
	}

	const match = size.exec(String(value));
	return match ? Math.round(Number(match[1]) * sizeUnits[(match[2] ?? '').toLowerCase()]!) : undefined;
}

// 1500 → '1.5s', 1536 → '1536ms', 999 → '999ms' (seconds only when exact to a tenth): for messages and `check`.
export const formatDuration = (ms: number): string => (ms >= 1000 && ms % 100 === 0 ? `${ms / 1000}s` : `${ms}ms`);
