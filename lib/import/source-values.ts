import {constants} from 'node:os';
import {formatDuration, parseSize} from '../config/units.js';

// Small readers shared by the compose and process-compose importers: each returns undefined for a value it cannot
// take, and the caller reports the key as dropped with `expected`.

// A YAML mapping (not null, not a list).
export const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

// A Go duration as compose writes it ('1m30s', '500ms', '10s', '2h', '1.5s', '100us') → sidecar's '90s' / '500ms'.
export function readGoDuration(value: unknown): string | undefined {
	// A bare number would be nanoseconds to compose's Go parser: nobody means that, so it is refused.
	if (typeof value !== 'string' || !/^(\d+(\.\d+)?(us|µs|ms|s|m|h))+$/.test(value.trim())) {
		return undefined;
	}

	const factors: Record<string, number> = {us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000};
	let ms = 0;
	for (const [, amount, , unit] of value.trim().matchAll(/(\d+(\.\d+)?)(us|µs|ms|s|m|h)/g)) {
		ms += Number(amount) * factors[unit!]!;
	}

	return formatDuration(Math.ceil(ms));
}

// Seconds (process-compose's *_seconds keys) → '10s'.
export const readSeconds = (value: unknown): string | undefined =>
	typeof value === 'number' && Number.isFinite(value) && value >= 0 ? formatDuration(Math.round(value * 1000)) : undefined;

// 'TERM', 'SIGTERM', 15 → 'SIGTERM' (a name Node knows).
export function readSourceSignal(value: unknown): string | undefined {
	if (typeof value === 'number') {
		return Object.entries(constants.signals).find(([, number]) => number === value)?.[0];
	}

	if (typeof value !== 'string') {
		return undefined;
	}

	const name = value.toUpperCase().startsWith('SIG') ? value.toUpperCase() : `SIG${value.toUpperCase()}`;
	return name in constants.signals ? name : undefined;
}

// A size compose accepts ('256m', '1g', 1073741824) that sidecar's parseSize reads the same (K, M, G binary).
export function readSourceSize(value: unknown): string | number | undefined {
	if (typeof value === 'number') {
		return Number.isSafeInteger(value) && value > 0 ? value : undefined;
	}

	return typeof value === 'string' && parseSize(value) !== undefined ? value : undefined;
}

// A CPU count ('0.5', 2) at or above sidecar's minimum of 0.01 cores.
export function readCpus(value: unknown): number | undefined {
	const cpus = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof cpus === 'number' && Number.isFinite(cpus) && cpus >= 0.01 ? cpus : undefined;
}

// A scalar env value as a string (compose and process-compose both take numbers and booleans).
export const scalarText = (value: unknown): string | undefined =>
	typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

// A non-negative integer.
export const readCount = (value: unknown): number | undefined =>
	typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;

// A value shown in a report line, cut short.
export function shown(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
