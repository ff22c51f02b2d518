import type {Issue} from '../errors.js';
import {compileCron} from './cron.js';
import {readChoice, readDuration, readNumber, readObject, readString} from './fields.js';
import type {ResolvedProcess, ResolvedSchedule} from './types.js';
import {hostTimeZone, isTimeZone} from './zone-time.js';

const scheduleKeys = ['cron', 'every', 'timezone', 'jitter', 'overlap', 'catchUp', 'runOnStart', 'failureThreshold'];

// Three failed firings in a row make a schedule failing (docs/schedules.md), as a liveness probe's default threshold.
export const DEFAULT_FAILURE_THRESHOLD = 3;

// `schedule` of one process → ResolvedSchedule, or null when there is none. `at` is the process's path; `owner` what
// decides which keys apply (runOnStart is for tasks; a shutdown task or a gate has no schedule).
export function resolveSchedule(at: string, value: unknown, owner: Pick<ResolvedProcess, 'run' | 'start'>, startGiven: boolean, issues: Issue[]): ResolvedSchedule | null {
	if (value === undefined) {
		return null;
	}

	const path = `${at}.schedule`;
	const spec = readObject(path, value, scheduleKeys, issues);
	const timezone = readString(`${path}.timezone`, spec.timezone, issues) ?? hostTimeZone();
	const zoneKnown = isTimeZone(timezone);
	if (!zoneKnown) {
		issues.push({path: `${path}.timezone`, given: spec.timezone, expected: 'an IANA time zone such as "UTC", "Europe/Berlin" or "America/New_York"'});
	}

	const cron = spec.cron === undefined ? null : readCron(`${path}.cron`, spec.cron, zoneKnown ? timezone : 'UTC', issues);
	const every = spec.every === undefined ? null : readDuration(`${path}.every`, spec.every, 0, issues);
	if ((spec.cron === undefined) === (spec.every === undefined)) {
		issues.push({path, given: value, expected: 'exactly one of cron (like "0 3 * * *") and every (like "15m")'});
	}

	if (every !== null && every < 1000 && spec.every !== undefined) {
		issues.push({path: `${path}.every`, given: spec.every, expected: 'a period of at least 1s'});
	}

	const runOnStart = readRunOnStart(`${path}.runOnStart`, spec.runOnStart, issues);
	checkPlacement(path, spec, owner, startGiven, runOnStart, issues);
	const catchUp = spec.catchUp === undefined ? null : readDuration(`${path}.catchUp`, spec.catchUp, 0, issues);
	return {
		cron,
		every: cron === null ? (every ?? 60_000) : null,
		timezone,
		jitter: readDuration(`${path}.jitter`, spec.jitter, 0, issues),
		overlap: readOverlap(`${path}.overlap`, spec.overlap, owner, issues),
		catchUp: catchUp === null || catchUp <= 0 ? null : catchUp,
		runOnStart: owner.run === 'once' ? runOnStart : false,
		failureThreshold: readNumber(`${path}.failureThreshold`, spec.failureThreshold, DEFAULT_FAILURE_THRESHOLD, {min: 1, integer: true}, issues),
	};
}

function readCron(at: string, value: unknown, timezone: string, issues: Issue[]): string | null {
	const expected = '5 fields (minute hour day month weekday), 6 (seconds first), or @yearly, @monthly, @weekly, @daily, @hourly';
	if (typeof value !== 'string' || value.trim() === '') {
		issues.push({path: at, given: value, expected: `a cron expression: ${expected}`});
		return null;
	}

	try {
		compileCron(value, timezone).next(0);
		return value;
	} catch (error) {
		// Croner's reason (`Invalid value for minute: 61`) without its `CronPattern:` prefix.
		const reason = (error as Error).message.replace(/^\w+:\s*/, '');
		issues.push({path: at, given: value, expected: `a cron expression (${reason}): ${expected}`});
		return null;
	}
}

function readRunOnStart(at: string, value: unknown, issues: Issue[]): boolean | 'gate' {
	if (value === undefined || typeof value === 'boolean' || value === 'gate') {
		return value ?? false;
	}

	issues.push({path: at, given: value, expected: 'false (never off schedule), true (also once at start) or \'gate\' (once before main starts)'});
	return false;
}

// `allow` (concurrent runs, docs/schedules.md, Overlap) is for tasks: a long-running process is one child, restarted.
function readOverlap(at: string, value: unknown, owner: Pick<ResolvedProcess, 'run'>, issues: Issue[]): ResolvedSchedule['overlap'] {
	if (value === 'allow' && owner.run !== 'once') {
		issues.push({path: at, given: value, expected: '\'skip\', \'queue\' or \'replace\' (\'allow\', concurrent runs, is for tasks: run: \'once\'; a long-running process restarts at each firing)'});
		return 'skip';
	}

	return readChoice(at, value, ['skip', 'queue', 'replace', 'allow'], 'skip', issues);
}

// What a schedule does not combine with: a gate (nothing to run), a shutdown task (it runs once, at the stop), runOnStart
// on a long-running process (it starts with the unit anyway), and 'gate' on a task that starts after main.
function checkPlacement(path: string, spec: Record<string, unknown>, owner: Pick<ResolvedProcess, 'run' | 'start'>, startGiven: boolean, runOnStart: boolean | 'gate', issues: Issue[]): void {
	if (owner.run === 'gate') {
		return; // resolve-task.ts reports `schedule` as a key an external gate cannot have.
	}

	if (owner.run === 'once' && owner.start === 'shutdown') {
		issues.push({path, given: spec, expected: 'no schedule on a shutdown task (start: \'shutdown\' runs once, at the unit\'s stop)'});
	}

	if (owner.run !== 'once' && spec.runOnStart !== undefined) {
		issues.push({path: `${path}.runOnStart`, given: spec.runOnStart, expected: 'no runOnStart: it is for tasks (run: \'once\'); a long-running process starts with the unit and restarts at each firing'});
	}

	if (owner.run === 'once' && runOnStart === 'gate' && startGiven && owner.start !== 'before') {
		issues.push({path: `${path}.runOnStart`, given: 'gate', expected: `true or false with start: '${owner.start}' ('gate' runs the task before main starts)`});
	}
}
