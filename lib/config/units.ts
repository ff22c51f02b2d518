const durationUnits: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000};
const sizeUnits: Record<string, number> = {
	'': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3,
};

// '250ms' | '10s' | '2m' | '1h' | 1500 → milliseconds; undefined when it is not a duration.
export function parseDuration(value: number | string): number | undefined {
	if (typeof value === 'number') {
		return Number.isFinite(value) && value >= 0 ? value : undefined;
	}

	const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/i.exec(String(value));
	return match ? Math.round(Number(match[1]) * durationUnits[match[2]!.toLowerCase()]!) : undefined;
}

// '256MiB' | '512K' | '1G' | 1024 → bytes (binary units, as design.md says); undefined when it is not a size.
export function parseSize(value: number | string): number | undefined {
	if (typeof value === 'number') {
		return Number.isSafeInteger(value) && value > 0 ? value : undefined;
	}

	const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(value));
	const unit = match ? sizeUnits[match[2]!.toLowerCase()] : undefined;
	return match && unit !== undefined && Number(match[1]) > 0 ? Math.round(Number(match[1]) * unit) : undefined;
}

// 1536 → '1.5s': for messages and `check`.
export const formatDuration = (ms: number): string => (ms >= 1000 && ms % 100 === 0 ? `${ms / 1000}s` : `${ms}ms`);
