import path from 'node:path';
import type {Issue} from '../errors.js';
import {DEFAULTS} from './defaults.js';
import {isObject, readCommand, readDuration, readNumber, readObject} from './fields.js';
import type {ResolvedLiveness, ResolvedProbe, ResolvedReadiness} from './types.js';

const readinessKinds = ['tcp', 'http', 'exec', 'log', 'file'] as const;
const livenessKinds = ['tcp', 'http', 'exec'] as const;

function resolveProbe(at: string, spec: Record<string, unknown>, kinds: readonly string[], cwd: string, issues: Issue[]): ResolvedProbe | null {
	const given = kinds.filter(kind => spec[kind] !== undefined);
	if (given.length !== 1) {
		issues.push({path: at, given: spec, expected: `exactly one of ${kinds.map(kind => `{${kind}}`).join(', ')}`});
		return null;
	}

	const kind = given[0]!;
	const value = spec[kind];
	const invalid = (expected: string) => {
		issues.push({path: `${at}.${kind}`, given: value, expected});
		return null;
	};

	switch (kind) {
		case 'tcp': {
			// A port alone means 127.0.0.1; "host:port" names another address.
			const match = /^(?:(.+):)?(\d+)$/.exec(String(value));
			const port = Number(match?.[2]);
			return match && port > 0 && port < 65_536 ? {kind, host: match[1] ?? '127.0.0.1', port} : invalid('a port 1-65535, or "host:port"');
		}

		case 'http': {
			return typeof value === 'string' && /^https?:\/\/.+/.test(value) ? {kind, url: value} : invalid('an http:// or https:// URL');
		}

		case 'exec': {
			const command = readCommand(`${at}.exec`, value, issues);
			return command.length > 0 ? {kind, command} : null;
		}

		case 'log': {
			try {
				return typeof value === 'string' && value !== '' ? (new RegExp(value), {kind, pattern: value}) : invalid('a regular expression, as a string');
			} catch {
				return invalid('a valid regular expression');
			}
		}

		default: {
			return typeof value === 'string' && value !== '' ? {kind: 'file', path: path.resolve(cwd, value)} : invalid('a file path');
		}
	}
}

// `readiness: {tcp: 9000, timeout: '30s'}` → probe + timeout + poll interval.
export function resolveReadiness(at: string, value: unknown, cwd: string, issues: Issue[]): ResolvedReadiness | null {
	if (value === undefined) {
		return null;
	}

	if (!isObject(value)) {
		issues.push({path: at, given: value, expected: 'an object like {tcp: 9000} or {http: "http://127.0.0.1:8080/healthz"}'});
		return null;
	}

	const spec = readObject(at, value, [...readinessKinds, 'timeout', 'interval'], issues);
	const probe = resolveProbe(at, spec, readinessKinds, cwd, issues);
	const timeout = readDuration(`${at}.timeout`, spec.timeout, DEFAULTS.readiness.timeout, issues);
	const interval = readDuration(`${at}.interval`, spec.interval, DEFAULTS.readiness.interval, issues);
	return probe ? {probe, timeout, interval} : null;
}

// `liveness: {http: ..., interval: '5s', failureThreshold: 3}`.
export function resolveLiveness(at: string, value: unknown, cwd: string, issues: Issue[]): ResolvedLiveness | null {
	if (value === undefined) {
		return null;
	}

	const spec = readObject(at, value, [...livenessKinds, 'interval', 'timeout', 'failureThreshold', 'initialDelay'], issues);
	const probe = resolveProbe(at, spec, livenessKinds, cwd, issues);
	const defaults = DEFAULTS.liveness;
	const liveness = {
		interval: readDuration(`${at}.interval`, spec.interval, defaults.interval, issues),
		timeout: readDuration(`${at}.timeout`, spec.timeout, defaults.timeout, issues),
		failureThreshold: readNumber(`${at}.failureThreshold`, spec.failureThreshold, defaults.failureThreshold, {min: 1, integer: true}, issues),
		initialDelay: readDuration(`${at}.initialDelay`, spec.initialDelay, defaults.initialDelay, issues),
	};
	return probe ? {probe, ...liveness} : null;
}
