import path from 'node:path';
import type {Issue} from '../errors.js';
import {isObject, readBoolean, readChoice, readCommand, readDuration, readNumber, readObject, readSignal} from './fields.js';
import type {ResolvedWatch, ResolvedWatchAction, ResolvedWatchSignal} from './types.js';

const watchKeys = ['paths', 'ignore', 'include', 'debounce', 'action', 'cascade', 'when', 'poll', 'maxDirs'];

// Never watched unless a path names them itself: version control, dependencies, build output and editors' swap and
// backup files (frontier §1.3: PM2 burned CPU on node_modules, Unitech/pm2#430; `.git/index.lock` looped, #3194).
export const WATCH_DEFAULT_IGNORE: readonly string[] = ['.git', '.hg', '.svn', 'node_modules', 'dist', 'build', 'coverage', '*.swp', '*.swx', '*~', '.#*', '4913'];

// Defaults (docs/watch.md): process-compose's 300 ms debounce and 8192 directories; a step may run two minutes.
export const WATCH_DEFAULTS = {debounce: 300, maxDirs: 8192, stepTimeout: 120_000};

// `watch` of one process → ResolvedWatch, or null when there is none. Paths are read against the config's directory.
export function resolveWatch(at: string, value: unknown, directory: string, issues: Issue[]): ResolvedWatch | null {
	if (value === undefined) {
		return null;
	}

	const path_ = `${at}.watch`;
	const spec = readObject(path_, value, watchKeys, issues);
	if (isObject(value) && spec.paths === undefined) {
		issues.push({path: `${path_}.paths`, given: undefined, expected: 'a list of files and directories to watch, like ["src"]'});
	}

	const action = readAction(`${path_}.action`, spec.action, issues);
	const poll = spec.poll === undefined ? null : readDuration(`${path_}.poll`, spec.poll, 0, issues);
	if (poll !== null && poll < 100 && spec.poll !== undefined) {
		issues.push({path: `${path_}.poll`, given: spec.poll, expected: 'a period of at least 100ms'});
	}

	const defaultWhen = action.type === 'restart' || (action.type === 'exec' && action.then.type === 'restart') ? 'dev' : 'always';
	return {
		paths: readPatterns(`${path_}.paths`, spec.paths, issues).map(entry => path.resolve(directory, entry)),
		ignore: [...WATCH_DEFAULT_IGNORE, ...readPatterns(`${path_}.ignore`, spec.ignore, issues)],
		include: readPatterns(`${path_}.include`, spec.include, issues),
		debounce: readDuration(`${path_}.debounce`, spec.debounce, WATCH_DEFAULTS.debounce, issues),
		action,
		cascade: readBoolean(`${path_}.cascade`, spec.cascade, false, issues),
		when: readChoice(`${path_}.when`, spec.when, ['dev', 'always'], defaultWhen, issues),
		poll: poll === null || poll < 100 ? null : poll,
		maxDirs: readNumber(`${path_}.maxDirs`, spec.maxDirs, WATCH_DEFAULTS.maxDirs, {min: 1, integer: true}, issues),
	};
}

function readPatterns(at: string, value: unknown, issues: Issue[]): string[] {
	if (value === undefined) {
		return [];
	}

	if (Array.isArray(value) && value.every(entry => typeof entry === 'string' && entry !== '')) {
		return value as string[];
	}

	issues.push({path: at, given: value, expected: 'a list of non-empty strings, like ["src", "config/app.yaml"]'});
	return [];
}

function readAction(at: string, value: unknown, issues: Issue[]): ResolvedWatchAction {
	if (value === undefined || value === 'restart') {
		return {type: 'restart'};
	}

	if (isObject(value) && 'exec' in value) {
		const step = readObject(at, value, ['exec', 'then', 'timeout'], issues);
		const then = step.then === 'restart' ? {type: 'restart' as const} : readSignalAction(`${at}.then`, step.then, issues);
		return {
			type: 'exec',
			command: readCommand(`${at}.exec`, step.exec, issues),
			timeout: readDuration(`${at}.timeout`, step.timeout, WATCH_DEFAULTS.stepTimeout, issues),
			then: then ?? {type: 'restart'},
		};
	}

	if (isObject(value) && 'signal' in value) {
		return readSignalAction(at, value, issues) ?? {type: 'restart'};
	}

	issues.push({path: at, given: value, expected: '\'restart\', {signal, to?} or {exec, then, timeout?}'});
	return {type: 'restart'};
}

function readSignalAction(at: string, value: unknown, issues: Issue[]): ResolvedWatchSignal | null {
	if (!isObject(value) || !('signal' in value)) {
		issues.push({path: at, given: value, expected: '\'restart\' or {signal, to?}, like {signal: \'SIGHUP\'}'});
		return null;
	}

	const spec = readObject(at, value, ['signal', 'to'], issues);
	return {type: 'signal', signal: readSignal(`${at}.signal`, spec.signal, 'SIGHUP', issues), to: readChoice(`${at}.to`, spec.to, ['process', 'group'], 'process', issues)};
}
