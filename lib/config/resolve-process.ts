import path from 'node:path';
import type {Issue} from '../errors.js';
import {DEFAULTS} from './defaults.js';
import {
	isObject, readBoolean, readChoice, readCommand, readDuration, readNumber, readObject, readSignal, readSize, readString,
} from './fields.js';
import {readEnvFileNames, readEnvFiles, type FileEnv} from './env-files.js';
import {readDependencies} from './resolve-dependencies.js';
import {readProfiles} from './profiles.js';
import {resolveLiveness, resolveReadiness} from './resolve-probe.js';
import {resolveDrain, resolveHooks} from './resolve-shutdown.js';
import {resolveSchedule} from './resolve-schedule.js';
import {readSocketNames} from './resolve-sockets.js';
import {readRunKind, resolveTaskFields} from './resolve-task.js';
import {resolveWatch} from './resolve-watch.js';
import type {ResolvedEnvFile, ResolvedProcess} from './types.js';

const processKeys = ['command', 'readiness', 'liveness', 'limits', 'stopSignal', 'stopTimeout', 'env', 'envFile', 'cwd', 'user', 'group', 'image', 'logs', 'successCodes', 'neverRestartOn', 'hooks', 'schedule', 'watch', 'on', 'sockets'];
const mainKeys = [...processKeys, 'stdin', 'dependsOn'];
const sidecarKeys = [...processKeys, 'run', 'start', 'timeout', 'dependsOn', 'restart', 'backoff', 'maxRestarts', 'critical', 'drain', 'enabled', 'profiles', 'replicas'];
// `replicas` is read by config/replicas.ts, before an instance's spec reaches resolveProcess without it; `on` by
// config/resolve-notifications.ts, once for the entry (a replicated sidecar's instances share it).

// What every process of the unit shares: the unit-level env files (read once) and `sidecar run --env`.
export type UnitEnv = {files: ResolvedEnvFile[]; fileEnv: FileEnv; commandLine: Record<string, string>};

export const NO_UNIT_ENV: UnitEnv = {files: [], fileEnv: {values: {}, sources: {}}, commandLine: {}};

// One process's spec → ResolvedProcess; `at` is its path in the config ('main' or 'sidecars.NAME').
export function resolveProcess(at: string, name: string, kind: 'main' | 'sidecar', value: unknown, directory: string, issues: Issue[], unitEnv: UnitEnv = NO_UNIT_ENV): ResolvedProcess {
	const spec = readObject(at, value ?? {}, kind === 'main' ? mainKeys : sidecarKeys, issues);
	const run = readRunKind(at, kind, spec, issues);
	const cwd = path.resolve(directory, readString(`${at}.cwd`, spec.cwd, issues) ?? '.');
	const ownFiles = readEnvFileNames(`${at}.envFile`, spec.envFile, directory, issues);
	const env = resolveEnv(at, spec.env, run === 'gate' ? [] : ownFiles, unitEnv, issues);
	const backoff = readObject(`${at}.backoff`, spec.backoff, ['initial', 'max', 'factor', 'resetAfter'], issues);
	const maxRestarts = readObject(`${at}.maxRestarts`, spec.maxRestarts, ['count', 'window'], issues);
	const limits = readObject(`${at}.limits`, spec.limits, ['memory', 'cpu', 'action', 'enforce', 'interval'], issues);
	const logs = readObject(`${at}.logs`, spec.logs, ['file', 'maxSize', 'keep'], issues);
	const logFile = readString(`${at}.logs.file`, logs.file, issues);
	const cpu = limits.cpu === undefined ? null : readNumber(`${at}.limits.cpu`, limits.cpu, 0, {min: 0.01}, issues);
	const readiness = resolveReadiness(`${at}.readiness`, spec.readiness, cwd, issues);
	const liveness = resolveLiveness(`${at}.liveness`, spec.liveness, cwd, kind, issues);
	const task = resolveTaskFields(at, run, spec, issues);
	return {
		name,
		kind,
		run,
		command: run === 'gate' ? [] : readCommand(`${at}.command`, spec.command, issues),
		start: task.start,
		timeout: task.timeout,
		dependsOn: readDependencies(`${at}.dependsOn`, spec.dependsOn, issues),
		readiness,
		liveness,
		// Main is never restarted: its exit ends the unit (docs/lifecycle.md).
		restart: kind === 'main' ? 'never' : task.restart,
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
		...env,
		successCodes: task.successCodes,
		neverRestartOn: task.neverRestartOn,
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
		enabled: readBoolean(`${at}.enabled`, spec.enabled, true, issues),
		profiles: readProfiles(`${at}.profiles`, spec.profiles, issues),
		replica: null, // config/replicas.ts sets it on each instance.
		schedule: resolveSchedule(at, spec.schedule, {run, start: task.start}, spec.start !== undefined, issues),
		watch: run === 'always' ? resolveWatch(at, spec.watch, directory, issues) : refuseWatch(at, spec.watch, run, issues),
		sockets: readSocketNames(at, spec.sockets, run, issues),
	};
}

// A task runs to its end and a gate has no process: a change has nothing to restart or signal (docs/watch.md).
function refuseWatch(at: string, value: unknown, run: ResolvedProcess['run'], issues: Issue[]): null {
	if (value !== undefined && run === 'once') {
		issues.push({path: `${at}.watch`, given: value, expected: 'no watch on a task (run: \'once\'): it is for long-running processes; run the task on a schedule instead'});
	}

	return null; // A gate's keys are checked by resolve-task.ts.
}

// Files < `env` < `--env`, each key's source kept for `sidecar check` (values never appear in an issue: secrets).
function resolveEnv(at: string, value: unknown, ownFiles: ResolvedEnvFile[], unitEnv: UnitEnv, issues: Issue[]): Pick<ResolvedProcess, 'env' | 'envFiles' | 'fileEnv' | 'envSources'> {
	const own = readEnvFiles(`${at}.envFile`, ownFiles, issues);
	const configured = readEnv(`${at}.env`, value, issues);
	const env = {...configured, ...unitEnv.commandLine};
	const sources = {
		...unitEnv.fileEnv.sources,
		...own.sources,
		...Object.fromEntries(Object.keys(configured).map(key => [key, 'env'])),
		...Object.fromEntries(Object.keys(unitEnv.commandLine).map(key => [key, '--env'])),
	};
	return {env, envFiles: [...unitEnv.files, ...ownFiles], fileEnv: {...unitEnv.fileEnv.values, ...own.values}, envSources: sources};
}

function readEnv(at: string, value: unknown, issues: Issue[]): Record<string, string> {
	if (value === undefined) {
		return {};
	}

	if (!isObject(value)) {
		issues.push({path: at, given: Array.isArray(value) ? '(an array)' : value, expected: 'an object of string values, like {"PORT": "8080"}'});
		return {};
	}

	const wrong = Object.keys(value).filter(key => typeof value[key] !== 'string');
	for (const key of wrong) {
		issues.push({path: `${at}.${key}`, given: `(a ${typeof value[key]})`, expected: 'a string (values are not shown: they may be secrets)'});
	}

	return wrong.length > 0 ? {} : value as Record<string, string>;
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
