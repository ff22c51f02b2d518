// Values as pm2 reads them: durations, instance counts, env records.

// '5s', '2m', 1000 → milliseconds, as pm2's min_uptime and friends take them.
export const toMs = (value: unknown): number | undefined => {
	const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(String(value).trim());
	return match === null ? undefined : Number(match[1]) * {ms: 1, s: 1000, m: 60_000, h: 3_600_000}[(match[2] ?? 'ms') as 'ms'];
};

// `instances`: a number, a numeric string, 'max' or 0 (one per CPU), -1 (one less than the CPUs).
export function instanceCount(value: unknown, cpus: number): number {
	if (value === undefined) {
		return 1;
	}

	const number = String(value).trim() === 'max' ? 0 : Number(value);
	return !Number.isFinite(number) ? 1 : number <= 0 ? Math.max(1, cpus + Math.trunc(number)) : Math.trunc(number);
}

// env values as strings, as a child's environment holds them (numbers and booleans as JSON writes them).
export const stringValues = (record: Record<string, unknown>): Record<string, string> =>
	Object.fromEntries(Object.entries(record).map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value) ?? '']));
