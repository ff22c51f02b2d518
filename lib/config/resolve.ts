import {ConfigError, type Issue} from '../errors.js';
import {defaultUnitName} from './unit-name.js';
import {DEFAULTS} from './defaults.js';
import {isObject, NAME_EXPECTED, NAME_PATTERN, readBoolean, readChoice, readNumber, readObject, readRecord, readSignal, readString} from './fields.js';
import {readEnvFileNames, readEnvFiles} from './env-files.js';
import {checkDependencies} from './resolve-dependencies.js';
import {checkReplicaCollisions} from './replica-collisions.js';
import {readReplicas, resolveInstance, unescapeReplicaReferences} from './replicas.js';
import {resolveHttp} from './resolve-http.js';
import {resolveProcess, type UnitEnv} from './resolve-process.js';
import type {ResolvedConfig, ResolvedGroup, ResolvedProcess, SignalTarget} from './types.js';

const topKeys = ['name', 'envFile', 'main', 'sidecars', 'signals', 'logs', 'metrics', 'http', 'shutdown'];
// These stop the unit, or suspend and resume it (docs/lifecycle.md, Job control); KILL and STOP cannot be caught.
// schema.json says so too (tools/schema.js).
export const UNFORWARDABLE: readonly string[] = ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGKILL', 'SIGSTOP', 'SIGCHLD', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU', 'SIGCONT'];
const unforwardable = new Set(UNFORWARDABLE);

// User input → ResolvedConfig, reporting every problem in one pass (ConfigError, exit 78). `commandLineEnv` is
// `sidecar run --env KEY=VALUE`, for every process, above everything in the config.
export function resolveConfig(input: unknown, directory: string, file: string | null = null, commandLineEnv: Record<string, string> = {}): ResolvedConfig {
	const issues: Issue[] = [];
	if (!isObject(input) && input !== undefined && input !== null) {
		throw new ConfigError([{path: '(config)', given: input, expected: 'an object (export default defineConfig({...}))'}]);
	}

	// `$schema` only points editors at schema.json (docs/config.md); it is not part of the unit.
	const {$schema: _schema, ...given} = isObject(input) ? input : {};
	const spec = isObject(input) ? readObject('', given, topKeys, issues) : {};

	const name = spec.name ?? defaultUnitName(directory);
	if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
		issues.push({path: 'name', given: name, expected: NAME_EXPECTED});
	}

	const unitFiles = readEnvFileNames('envFile', spec.envFile, directory, issues);
	const unitEnv: UnitEnv = {files: unitFiles, fileEnv: readEnvFiles('envFile', unitFiles, issues), commandLine: commandLineEnv};
	const main = resolveProcess('main', 'main', 'main', unescapeReplicaReferences(withoutMainReplicas(spec.main, issues)), directory, issues, unitEnv);
	const sidecarSpecs = readRecord('sidecars', spec.sidecars, issues);
	const groups: ResolvedGroup[] = [];
	const sidecars = Object.entries(sidecarSpecs).flatMap(([sidecarName, sidecarSpec]) => {
		if (!NAME_PATTERN.test(sidecarName) || sidecarName === 'main') {
			issues.push({path: `sidecars.${sidecarName}`, given: sidecarName, expected: `a name other than "main": ${NAME_EXPECTED}`});
		}

		const at = `sidecars.${sidecarName}`;
		const group = isObject(sidecarSpec) ? readReplicas(at, sidecarName, sidecarSpec, directory, unitEnv, issues) : null;
		if (group === null) {
			return [resolveProcess(at, sidecarName, 'sidecar', unescapeReplicaReferences(sidecarSpec), directory, issues, unitEnv)];
		}

		groups.push(group);
		return resolveInstances(group, issues);
	});
	const logs = readObject('logs', spec.logs, ['format', 'timestamps'], issues);
	const metrics = spec.metrics === undefined ? undefined : readObject('metrics', spec.metrics, ['port', 'host'], issues);
	const metricsPort = metrics === undefined ? null : readNumber('metrics.port', metrics.port, 9464, {min: 0, integer: true}, []);
	checkReplicaCollisions(main, sidecars, groups, metricsPort, issues);
	checkDependencies(main, sidecars, issues, groups);
	const signals = resolveSignals(spec.signals, sidecars, groups, issues);
	const resolved: ResolvedConfig = {
		name: String(name),
		directory,
		file,
		main,
		sidecars,
		signals,
		logs: {
			format: readChoice('logs.format', logs.format, ['pretty', 'json'], DEFAULTS.logs.format, issues),
			timestamps: readBoolean('logs.timestamps', logs.timestamps, DEFAULTS.logs.timestamps, issues),
		},
		metrics: metrics === undefined ? null : {
			port: readNumber('metrics.port', metrics.port, 9464, {min: 0, integer: true}, issues),
			host: readString('metrics.host', metrics.host, issues) ?? DEFAULTS.metricsHost,
		},
		http: resolveHttp(spec.http, metricsPort, issues),
		groups,
		shutdown: readChoice('shutdown', spec.shutdown, ['sequential', 'parallel'], 'sequential', issues),
		profiles: [], // Selected by `sidecar run --profile` (config/profiles.ts).
	};
	if (issues.length > 0) {
		throw new ConfigError(issues);
	}

	return resolved;
}

// One main per unit: its exit is the unit's (docs/lifecycle.md); N copies of a program are a replicated sidecar.
function withoutMainReplicas(value: unknown, issues: Issue[]): unknown {
	if (!isObject(value) || value.replicas === undefined) {
		return value;
	}

	issues.push({path: 'main.replicas', given: value.replicas, expected: 'no replicas on main: a unit has one main, whose exit ends it (run copies as a replicated sidecar, sidecars.NAME.replicas)'});
	const {replicas: _replicas, ...rest} = value;
	return rest;
}

// The group's instances; the template is resolved once even at count 0, so its mistakes show before a scale. Each
// mistake is reported once, not once per instance.
function resolveInstances(group: ResolvedGroup, issues: Issue[]): ResolvedProcess[] {
	const instances: ResolvedProcess[] = [];
	for (let index = 0; index < Math.max(group.count, 1); index++) {
		const found: Issue[] = [];
		const instance = resolveInstance(group, index, group.count, found);
		for (const issue of found) {
			if (!issues.some(known => known.path === issue.path && known.expected === issue.expected)) {
				issues.push(issue);
			}
		}

		if (index < group.count) {
			instances.push(instance);
		}
	}

	return instances;
}

// A list may name a replicated sidecar's group: the signal goes to its instances then running (a scale included).
function resolveSignals(value: unknown, sidecars: ResolvedProcess[], groups: ResolvedGroup[], issues: Issue[]): Record<string, SignalTarget> {
	const table: Record<string, SignalTarget> = {...DEFAULTS.signals};
	const names = new Set(['main', ...groups.map(group => group.name), ...sidecars.map(sidecar => sidecar.name)]);
	for (const [signal, target] of Object.entries(readRecord('signals', value, issues))) {
		const at = `signals.${signal}`;
		if (readSignal(at, signal, 'SIGTERM', issues) !== signal) {
			continue;
		}

		if (unforwardable.has(signal)) {
			issues.push({path: at, given: signal, expected: `a signal other than ${[...unforwardable].join(', ')} (these stop, suspend or resume the unit, or cannot be caught)`});
		} else if (target === 'main' || target === 'sidecars' || target === 'all' || target === 'none') {
			table[signal] = target;
		} else if (Array.isArray(target) && target.length > 0 && target.every(item => names.has(item))) {
			table[signal] = target as string[];
		} else {
			issues.push({path: at, given: target, expected: `'main', 'sidecars', 'all', 'none', or a list of process names (${[...names].join(', ')})`});
		}
	}

	return table;
}
