import path from 'node:path';
import type {Issue} from '../errors.js';
import {DEFAULTS} from './defaults.js';
import {isObject, readBoolean, readChoice, readCommand, readDuration, readNumber, readObject} from './fields.js';
import type {ResolvedLiveness, ResolvedProbe, ResolvedReadiness} from './types.js';

const readinessKinds = ['tcp', 'http', 'exec', 'log', 'file', 'notify', 'sdNotify'] as const;
const livenessKinds = ['tcp', 'http', 'exec'] as const;
// Options of an http probe, allowed beside `http` only.
export const httpOptions = ['headers', 'insecure', 'status'] as const;
// Probes that pass once and stay passed: nothing to repeat after the first pass.
const passOnce = new Set(['log', 'notify', 'sdNotify']);

export function resolveProbe(at: string, spec: Record<string, unknown>, kinds: readonly string[], cwd: string, issues: Issue[]): ResolvedProbe | null {
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

	if (kind !== 'http') {
		for (const option of httpOptions.filter(key => spec[key] !== undefined)) {
			issues.push({path: `${at}.${option}`, given: spec[option], expected: 'no such key: it is an option of http probes'});
		}
	}

	switch (kind) {
		case 'tcp': {
			// A port alone means 127.0.0.1; "host:port" names another address ("[::1]:9000" for IPv6).
			const match = /^(?:(.+):)?(\d+)$/.exec(String(value));
			const port = Number(match?.[2]);
			const host = (match?.[1] ?? '127.0.0.1').replace(/^\[(.*)\]$/, '$1');
			return match && port > 0 && port < 65_536 ? {kind, host, port} : invalid('a port 1-65535, or "host:port"');
		}

		case 'http': {
			const options = resolveHttpOptions(at, spec, issues);
			return typeof value === 'string' && /^https?:\/\/.+/.test(value) ? {kind, url: value, ...options} : invalid('an http:// or https:// URL');
		}

		case 'notify':
		case 'sdNotify': {
			return value === true ? {kind} : invalid('true');
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

	const timing = ['timeout', 'interval', 'checkTimeout', 'period', 'failureThreshold', 'successThreshold'];
	const spec = readObject(at, value, [...readinessKinds, ...httpOptions, ...timing], issues);
	const probe = resolveProbe(at, spec, readinessKinds, cwd, issues);
	const defaults = DEFAULTS.readiness;
	const interval = readDuration(`${at}.interval`, spec.interval, defaults.interval, issues);
	const period = readDuration(`${at}.period`, spec.period, defaults.period, issues);
	const readiness = {
		timeout: readDuration(`${at}.timeout`, spec.timeout, defaults.timeout, issues),
		interval,
		// Unset, the interval backs off (readiness/pacing.ts); set, it is kept.
		maxInterval: spec.interval === undefined ? defaults.maxInterval : interval,
		checkTimeout: readDuration(`${at}.checkTimeout`, spec.checkTimeout, Math.max(interval, 1000), issues),
		period: probe === null || passOnce.has(probe.kind) ? null : Math.max(period, 1),
		failureThreshold: readNumber(`${at}.failureThreshold`, spec.failureThreshold, defaults.failureThreshold, {min: 1, integer: true}, issues),
		successThreshold: readNumber(`${at}.successThreshold`, spec.successThreshold, defaults.successThreshold, {min: 1, integer: true}, issues),
	};
	return probe ? {probe, ...readiness} : null;
}

// `headers`, `insecure` and `status` of an http probe.
function resolveHttpOptions(at: string, spec: Record<string, unknown>, issues: Issue[]): {headers: Record<string, string>; insecure: boolean; status: [number, number]} {
	const {headers = {}, status = [200, 399]} = spec;
	if (!isObject(headers) || !Object.values(headers).every(item => typeof item === 'string')) {
		issues.push({path: `${at}.headers`, given: headers, expected: 'an object of string values, like {"Authorization": "Bearer x"}'});
	}

	const range = typeof status === 'number' ? [status, status] : status;
	const valid = Array.isArray(range) && range.length === 2 && range.every(code => Number.isInteger(code) && code >= 100 && code <= 599) && range[0] <= range[1];
	if (!valid) {
		issues.push({path: `${at}.status`, given: status, expected: 'a status code like 200, or a range like [200, 299] (100-599)'});
	}

	return {
		headers: isObject(headers) ? headers as Record<string, string> : {},
		insecure: readBoolean(`${at}.insecure`, spec.insecure, false, issues),
		status: valid ? range as [number, number] : [200, 399],
	};
}

// `liveness: {http: ..., interval: '5s', failureThreshold: 3}`.
export function resolveLiveness(at: string, value: unknown, cwd: string, kind: 'main' | 'sidecar', issues: Issue[]): ResolvedLiveness | null {
	if (value === undefined) {
		return null;
	}

	const spec = readObject(at, value, [...livenessKinds, ...httpOptions, 'interval', 'timeout', 'failureThreshold', 'initialDelay', 'action'], issues);
	const probe = resolveProbe(at, spec, livenessKinds, cwd, issues);
	const defaults = DEFAULTS.liveness;
	const liveness = {
		interval: readDuration(`${at}.interval`, spec.interval, defaults.interval, issues),
		timeout: readDuration(`${at}.timeout`, spec.timeout, defaults.timeout, issues),
		failureThreshold: readNumber(`${at}.failureThreshold`, spec.failureThreshold, defaults.failureThreshold, {min: 1, integer: true}, issues),
		initialDelay: readDuration(`${at}.initialDelay`, spec.initialDelay, defaults.initialDelay, issues),
		// A failing sidecar is stopped and left to its restart policy; main only as `action` says (docs/restarts.md).
		action: kind === 'main' ? readChoice(`${at}.action`, spec.action, ['report', 'restart', 'exit'], 'report', issues) : readChoice(`${at}.action`, spec.action, ['restart'], 'restart', issues),
	};
	return probe ? {probe, ...liveness} : null;
}
