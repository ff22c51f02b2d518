import path from 'node:path';
import type {Issue} from '../errors.js';
import {DEFAULTS} from './defaults.js';
import {
	isObject, readBoolean, readChoice, readCommand, readDuration, readNumber, readObject, readSignal, readSize, readString,
} from './fields.js';
import {resolveLiveness, resolveReadiness} from './resolve-probe.js';
import {resolveDrain, resolveHooks} from './resolve-shutdown.js';
import type {ResolvedProcess} from './types.js';

const processKeys = ['command', 'readiness', 'liveness', 'limits', 'stopSignal', 'stopTimeout', 'env', 'cwd', 'user', 'group', 'image', 'logs', 'hooks'];
const mainKeys = [...processKeys, 'stdin'];
const sidecarKeys = [...processKeys, 'start', 'dependsOn', 'restart', 'backoff', 'maxRestarts', 'critical', 'drain'];

// One process's spec → ResolvedProcess; `at` is its path in the config ('main' or 'sidecars.NAME').
export function resolveProcess(at: string, name: string, kind: 'main' | 'sidecar', value: unknown, directory: string, issues: Issue[]): ResolvedProcess {
	const spec = readObject(at, value ?? {}, kind === 'main' ? mainKeys : sidecarKeys, issues);
	const cwd = path.resolve(directory, readString(`${at}.cwd`, spec.cwd, issues) ?? '.');
	const backoff = readObject(`${at}.backoff`, spec.backoff, ['initial', 'max', 'factor', 'resetAfter'], issues);
	const maxRestarts = readObject(`${at}.maxRestarts`, spec.maxRestarts, ['count', 'window'], issues);
	const limits = readObject(`${at}.limits`, spec.limits, ['memory', 'cpu', 'action', 'enforce', 'interval'], issues);
	const logs = readObject(`${at}.logs`, spec.logs, ['file', 'maxSize', 'keep'], issues);
	const logFile = readString(`${at}.logs.file`, logs.file, issues);
	const cpu = limits.cpu === undefined ? null : readNumber(`${at}.limits.cpu`, limits.cpu, 0, {min: 0.01}, issues);
	return {
		name,
		kind,
		command: readCommand(`${at}.command`, spec.command, issues),
		start: readChoice(`${at}.start`, spec.start, ['before', 'after'], DEFAULTS.start, issues),
		dependsOn: readNames(`${at}.dependsOn`, spec.dependsOn, issues),
		readiness: resolveReadiness(`${at}.readiness`, spec.readiness, cwd, issues),
		liveness: resolveLiveness(`${at}.liveness`, spec.liveness, cwd, kind, issues),
		// Main is never restarted: its exit ends the unit (docs/lifecycle.md).
		restart: kind === 'main' ? 'never' : readChoice(`${at}.restart`, spec.restart, ['always', 'on-failure', 'never'], DEFAULTS.restart, issues),
		backoff: {
			initial: readDuration(`${at}.backoff.initial`, backoff.initial, DEFAULTS.backoff.initial, issues),
			max: readDuration(`${at}.backoff.max`, backoff.max, DEFAULTS.backoff.max, issues),
			factor: readNumber(`${at}.backoff.factor`, backoff.factor, DEFAULTS.backoff.factor, {min: 1}, issues),
			resetAfter: readDuration(`${at}.backoff.resetAfter`, backoff.resetAfter, DEFAULTS.backoff.resetAfter, issues),
		},
		maxRestarts: {
			count: readNumber(`${at}.maxRestarts.count`, maxRestarts.count, DEFAULTS.maxRestarts.count, {min: 0, integer: true}, issues),
			window: readDuration(`${at}.maxRestarts.window`, maxRestarts.window, DEFAULTS.maxRestarts.window, issues),
		},
		critical: readBoolean(`${at}.critical`, spec.critical, DEFAULTS.critical, issues),
		limits: {
			memory: readSize(`${at}.limits.memory`, limits.memory, issues),
			cpu,
			action: readChoice(`${at}.limits.action`, limits.action, ['restart', 'stop', 'warn'], DEFAULTS.limits.action, issues),
			enforce: readChoice(`${at}.limits.enforce`, limits.enforce, ['auto', 'cgroup', 'polling'], DEFAULTS.limits.enforce, issues),
			interval: readDuration(`${at}.limits.interval`, limits.interval, DEFAULTS.limits.interval, issues),
		},
		stopSignal: readSignal(`${at}.stopSignal`, spec.stopSignal, DEFAULTS.stopSignal, issues),
		stopTimeout: readDuration(`${at}.stopTimeout`, spec.stopTimeout, DEFAULTS.stopTimeout, issues),
		env: readEnv(`${at}.env`, spec.env, issues),
		cwd,
		user: readId(`${at}.user`, spec.user, issues),
		group: readId(`${at}.group`, spec.group, issues),
		image: readString(`${at}.image`, spec.image, issues),
		logs: {
			file: logFile === null ? null : path.resolve(directory, logFile),
			maxSize: readSize(`${at}.logs.maxSize`, logs.maxSize, issues) ?? DEFAULTS.logFile.maxSize,
			keep: readNumber(`${at}.logs.keep`, logs.keep, DEFAULTS.logFile.keep, {min: 0, integer: true}, issues),
		},
		hooks: resolveHooks(`${at}.hooks`, spec.hooks, issues),
		drain: kind === 'sidecar' ? resolveDrain(`${at}.drain`, spec.drain, cwd, issues) : null,
		stdin: kind === 'main' ? readChoice(`${at}.stdin`, spec.stdin, ['inherit', 'ignore'], 'auto' as 'inherit', issues) : 'ignore',
	};
}

function readNames(at: string, value: unknown, issues: Issue[]): string[] {
	if (value === undefined) {
		return [];
	}

	if (!Array.isArray(value) || !value.every(item => typeof item === 'string')) {
		issues.push({path: at, given: value, expected: 'an array of sidecar names'});
		return [];
	}

	return value as string[];
}

function readEnv(at: string, value: unknown, issues: Issue[]): Record<string, string> {
	if (value === undefined) {
		return {};
	}

	if (!isObject(value) || !Object.values(value).every(item => typeof item === 'string')) {
		issues.push({path: at, given: value, expected: 'an object of string values, like {"PORT": "8080"}'});
		return {};
	}

	return value as Record<string, string>;
}

function readId(at: string, value: unknown, issues: Issue[]): string | number | null {
	if (value === undefined) {
		return null;
	}

	if ((typeof value === 'number' && Number.isInteger(value) && value >= 0) || (typeof value === 'string' && value !== '')) {
		return value;
	}

	issues.push({path: at, given: value, expected: 'a name like "nobody", or a numeric id'});
	return null;
}
