import {constants} from 'node:os';
import {didYouMean} from '../did-you-mean.js';
import type {Issue} from '../errors.js';
import {parseDuration, parseSize} from './units.js';

// Small readers shared by the resolve-* files: each returns the value, or records an issue and returns the fallback.

export const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

// A typo in a key is the most common config mistake: name it and list what is allowed.
export function checkKeys(at: string, value: Record<string, unknown>, allowed: readonly string[], issues: Issue[]): void {
	for (const key of Object.keys(value)) {
		if (!allowed.includes(key)) {
			issues.push({path: at === '' ? key : `${at}.${key}`, given: value[key], expected: `no such key${didYouMean(key, allowed, JSON.stringify)} (allowed: ${allowed.join(', ')})`});
		}
	}
}

export function readObject(at: string, value: unknown, allowed: readonly string[], issues: Issue[]): Record<string, unknown> {
	if (value === undefined) {
		return {};
	}

	if (!isObject(value)) {
		issues.push({path: at, given: value, expected: 'an object'});
		return {};
	}

	checkKeys(at, value, allowed, issues);
	return value;
}

// An object whose keys are the user's own (sidecar names, signal names).
export function readRecord(at: string, value: unknown, issues: Issue[]): Record<string, unknown> {
	if (value !== undefined && !isObject(value)) {
		issues.push({path: at, given: value, expected: 'an object'});
	}

	return isObject(value) ? value : {};
}

export function readDuration(at: string, value: unknown, fallback: number, issues: Issue[]): number {
	const ms = value === undefined ? fallback : (typeof value === 'number' || typeof value === 'string' ? parseDuration(value) : undefined);
	if (ms === undefined) {
		issues.push({path: at, given: value, expected: 'milliseconds, or a string like "250ms", "10s", "2m"'});
	}

	return ms ?? fallback;
}

export function readSize(at: string, value: unknown, issues: Issue[]): number | null {
	if (value === undefined) {
		return null;
	}

	const bytes = typeof value === 'number' || typeof value === 'string' ? parseSize(value) : undefined;
	if (bytes === undefined) {
		issues.push({path: at, given: value, expected: 'bytes, or a string like "512KiB", "256MiB", "1GiB"'});
	}

	return bytes ?? null;
}

export function readNumber(at: string, value: unknown, fallback: number, {min, integer = false}: {min: number; integer?: boolean}, issues: Issue[]): number {
	if (value === undefined) {
		return fallback;
	}

	if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
		issues.push({path: at, given: value, expected: `${integer ? 'an integer' : 'a number'} >= ${min}`});
		return fallback;
	}

	return value;
}

export function readChoice<T extends string>(at: string, value: unknown, choices: readonly T[], fallback: T, issues: Issue[]): T {
	if (value === undefined) {
		return fallback;
	}

	if (!choices.includes(value as T)) {
		issues.push({path: at, given: value, expected: `one of ${choices.map(choice => `'${choice}'`).join(', ')}`});
		return fallback;
	}

	return value as T;
}

export function readBoolean(at: string, value: unknown, fallback: boolean, issues: Issue[]): boolean {
	if (value !== undefined && typeof value !== 'boolean') {
		issues.push({path: at, given: value, expected: 'true or false'});
		return fallback;
	}

	return value ?? fallback;
}

export function readString(at: string, value: unknown, issues: Issue[]): string | null {
	if (value === undefined) {
		return null;
	}

	if (typeof value !== 'string' || value === '') {
		issues.push({path: at, given: value, expected: 'a non-empty string'});
		return null;
	}

	return value;
}

// A string command runs through the shell; an array runs directly.
export function readCommand(at: string, value: unknown, issues: Issue[]): string[] {
	if (typeof value === 'string' && value.trim() !== '') {
		return ['/bin/sh', '-c', value];
	}

	if (Array.isArray(value) && value.length > 0 && value.every(part => typeof part === 'string') && value[0] !== '') {
		return value as string[];
	}

	issues.push({path: at, given: value, expected: 'a command: an array like ["node", "app.js"], or a shell string'});
	return [];
}

// A signal name Node knows, or `fallback` when none is given. Any name passes here, SIGKILL too (a stopSignal may be
// SIGKILL); resolve.ts refuses to forward those that cannot be caught or that stop the unit (UNFORWARDABLE).
export function readSignal(at: string, value: unknown, fallback: NodeJS.Signals, issues: Issue[]): NodeJS.Signals {
	if (value === undefined) {
		return fallback;
	}

	if (typeof value !== 'string' || !(value in constants.signals)) {
		issues.push({path: at, given: value, expected: 'a signal name like "SIGTERM", "SIGINT", "SIGHUP"'});
		return fallback;
	}

	return value as NodeJS.Signals;
}

export const NAME_PATTERN = /^[A-Za-z\d][\w.-]{0,63}$/;
export const NAME_EXPECTED = 'letters, digits, ".", "_" or "-", starting with a letter or digit, at most 64 characters';
