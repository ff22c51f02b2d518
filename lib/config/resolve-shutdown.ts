import type {Issue} from '../errors.js';
import {DEFAULTS} from './defaults.js';
import {isObject, readCommand, readDuration, readObject} from './fields.js';
import {httpOptions, resolveProbe} from './resolve-probe.js';
import type {ResolvedDrain, ResolvedHooks} from './types.js';

const drainKinds = ['tcp', 'http', 'exec', 'file'] as const;

// `drain: {exec: ..., timeout: '10s'}` or `drain: {delay: '2s'}` (sidecars only; docs/lifecycle.md, Drain).
export function resolveDrain(at: string, value: unknown, cwd: string, issues: Issue[]): ResolvedDrain | null {
	if (value === undefined) {
		return null;
	}

	if (!isObject(value)) {
		issues.push({path: at, given: value, expected: 'an object like {exec: ["./drained.sh"], timeout: "10s"} or {delay: "2s"}'});
		return null;
	}

	if (value.delay !== undefined) {
		readObject(at, value, ['delay'], issues);
		return {delay: readDuration(`${at}.delay`, value.delay, 0, issues)};
	}

	const spec = readObject(at, value, [...drainKinds, ...httpOptions, 'timeout', 'interval', 'delay'], issues);
	const probe = resolveProbe(at, spec, drainKinds, cwd, issues);
	const timeout = readDuration(`${at}.timeout`, spec.timeout, DEFAULTS.drain.timeout, issues);
	const interval = readDuration(`${at}.interval`, spec.interval, DEFAULTS.drain.interval, issues);
	return probe === null ? null : {probe, timeout, interval};
}

// `hooks: {postStart: ..., preStop: ..., timeout: '30s'}`: each a command (docs/lifecycle.md, Hooks).
export function resolveHooks(at: string, value: unknown, issues: Issue[]): ResolvedHooks {
	const spec = readObject(at, value, ['postStart', 'preStop', 'timeout'], issues);
	const command = (key: 'postStart' | 'preStop') => (spec[key] === undefined ? null : readCommand(`${at}.${key}`, spec[key], issues));
	return {postStart: command('postStart'), preStop: command('preStop'), timeout: readDuration(`${at}.timeout`, spec.timeout, DEFAULTS.hooks.timeout, issues)};
}
