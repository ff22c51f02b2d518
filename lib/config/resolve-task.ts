import type {Issue} from '../errors.js';
import {DEFAULTS} from './defaults.js';
import {readChoice, readDuration} from './fields.js';
import type {ResolvedProcess} from './types.js';

// What an external gate may have: it runs nothing, it only waits for its probe (docs/lifecycle.md, Gates).
export const GATE_KEYS: readonly string[] = ['readiness', 'start', 'dependsOn'];

// 'always', 'once' (a task), or 'gate': a sidecar with no command and a readiness probe.
export function readRunKind(at: string, kind: 'main' | 'sidecar', spec: Record<string, unknown>, issues: Issue[]): ResolvedProcess['run'] {
	if (kind === 'main') {
		return 'always';
	}

	const run = readChoice(`${at}.run`, spec.run, ['always', 'once'], 'always', issues);
	if (spec.command !== undefined || spec.readiness === undefined || spec.run !== undefined) {
		return run; // A task needs a command: readCommand reports one that is missing.
	}

	for (const key of Object.keys(spec).filter(key => !GATE_KEYS.includes(key))) {
		issues.push({path: `${at}.${key}`, given: spec[key], expected: `no such key for an external gate (no command): only ${GATE_KEYS.join(', ')}`});
	}

	const probe = spec.readiness as Record<string, unknown> | null;
	if (typeof probe === 'object' && probe !== null && probe.log !== undefined) {
		issues.push({path: `${at}.readiness.log`, given: probe.log, expected: 'a tcp, http, exec or file probe (an external gate has no output to read)'});
	}

	return 'gate';
}

export type TaskFields = Pick<ResolvedProcess, 'start' | 'timeout' | 'restart' | 'successCodes' | 'neverRestartOn'>;

// The keys whose meaning depends on `run`: start, timeout, restart (on-failure for a task), and the exit-code rules.
export function resolveTaskFields(at: string, run: ResolvedProcess['run'], spec: Record<string, unknown>, issues: Issue[]): TaskFields {
	const task = run === 'once';
	const start = readChoice(`${at}.start`, spec.start, ['before', 'after', 'shutdown'], DEFAULTS.start, issues);
	if (start === 'shutdown' && !task) {
		issues.push({path: `${at}.start`, given: start, expected: '\'before\' or \'after\' (start: \'shutdown\' is for tasks, run: \'once\')'});
	}

	if (!task && spec.timeout !== undefined) {
		issues.push({path: `${at}.timeout`, given: spec.timeout, expected: 'no timeout: it is for tasks (run: \'once\'); a sidecar\'s start-up is bounded by readiness.timeout'});
	}

	if (task) {
		for (const key of ['readiness', 'liveness'].filter(key => spec[key] !== undefined)) {
			issues.push({path: `${at}.${key}`, given: spec[key], expected: `no ${key} probe: a task (run: 'once') is ready when it completes`});
		}
	}

	const restart = readChoice(`${at}.restart`, spec.restart, task ? ['on-failure', 'never'] : ['always', 'on-failure', 'never'], task ? 'on-failure' : DEFAULTS.restart, issues);
	const fallback = start === 'shutdown' ? DEFAULTS.shutdownTaskTimeout : 0;
	const timeout = task ? readDuration(`${at}.timeout`, spec.timeout, fallback, issues) : 0;
	const successCodes = readCodes(`${at}.successCodes`, spec.successCodes, 0, issues);
	const neverRestartOn = readCodes(`${at}.neverRestartOn`, spec.neverRestartOn, 1, issues);
	for (const code of neverRestartOn.filter(code => successCodes.includes(code))) {
		issues.push({path: `${at}.neverRestartOn`, given: code, expected: 'a code that is not also in successCodes'});
	}

	return {start, timeout: timeout > 0 ? timeout : null, restart, successCodes, neverRestartOn};
}

function readCodes(at: string, value: unknown, min: number, issues: Issue[]): number[] {
	if (value === undefined) {
		return [];
	}

	if (!Array.isArray(value) || !value.every(code => Number.isInteger(code) && code >= min && code <= 255)) {
		issues.push({path: at, given: value, expected: `an array of exit codes ${min}-255, like [78]`});
		return [];
	}

	return value as number[];
}
