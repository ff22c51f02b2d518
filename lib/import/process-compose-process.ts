import {importEnvFile, importEnvironment} from './compose-environment.js';
import {put, type Condition, type Draft} from './draft.js';
import {importLivenessProbe, importReadinessProbe} from './process-compose-probe.js';
import {importPcWatch} from './process-compose-watch.js';
import type {ReportBuilder} from './report-builder.js';
import {isRecord, readCount, readGoDuration, readSeconds, readSourceSignal, shown} from './source-values.js';

const CONDITIONS: Record<string, Condition> = {
	process_started: 'started',
	process_healthy: 'ready',
	process_log_ready: 'ready',
	process_completed: 'completed',
	process_completed_successfully: 'succeeded',
};

const DROPPED: Record<string, string> = {
	namespace: 'sidecar has no namespaces: every process is in the one unit',
	is_daemon: 'sidecar supervises foreground processes: run it without forking to the background',
	is_elevated: 'no sudo prompt: run the supervisor as root, or set user',
	is_tty: 'sidecar prints lines and gives processes no pseudo-terminal',
	is_foreground: 'sidecar has no foreground process switching',
	disable_ansi_colors: 'sidecar prints what the process writes',
	launch_timeout_seconds: 'a daemon\'s launch: sidecar supervises foreground processes',
	is_dotenv_disabled: 'sidecar reads no .env unless envFile names it',
	vars: 'expanded into the strings that use them',
	log_configuration: 'rotation is per process file (logs.maxSize, logs.keep)',
};

// One process-compose process → a draft (templates and `${VAR}` already rewritten by the caller).
export function importPcProcess(source: string, name: string, spec: Record<string, unknown>, report: ReportBuilder, unitEnv: Record<string, string>): Draft {
	const at = `processes.${source}`;
	const draft: Draft = {name, path: at, spec: {}, sources: {}, dependsOn: []};
	const readLog = typeof spec.ready_log_line === 'string' && spec.ready_log_line !== '' && spec.readiness_probe === undefined;
	for (const [key, value] of Object.entries(spec)) {
		const path = `${at}.${key}`;
		const text = typeof value === 'string' && value !== '' ? value : undefined;
		const simple: Record<string, [string, unknown]> = {
			command: ['command', text],
			working_dir: ['cwd', text],
			log_location: ['logs', text === undefined ? undefined : {file: text}],
			replicas: ['replicas', readCount(value)],
			success_exit_codes: ['successCodes', Array.isArray(value) && value.every(code => Number.isInteger(code) && code >= 0 && code <= 255) ? value : undefined],
			disabled: ['enabled', value === true ? false : undefined],
			is_interactive: ['stdin', value === true ? 'inherit' : undefined],
		};
		if (key in DROPPED) {
			key === 'vars' ? report.mapped(path) : report.dropped(path, DROPPED[key]!);
		} else if (key in simple) {
			const [target, converted] = simple[key]!;
			converted === undefined ? report.dropped(path, `got ${shown(value)}, expected ${key === 'disabled' || key === 'is_interactive' ? 'true' : 'a valid value'}`) : (put(draft, target, converted, path), report.mapped(path));
		} else if (key === 'entrypoint' && Array.isArray(value) && value.every(word => typeof word === 'string') && value.length > 0) {
			// An argv run directly; `command`, if any, is then its arguments.
			put(draft, 'command', [...value as string[], ...(typeof spec.command === 'string' ? [spec.command] : [])], path);
			report.mapped(path);
		} else if (key === 'environment') {
			const origins: Record<string, string> = {};
			const env = importEnvironment(path, value, report, text_ => text_, [], name, origins);
			if (env !== undefined) {
				put(draft, 'env', {...unitEnv, ...env}, path);
				for (const [key, from] of Object.entries(origins)) {
					(draft.sources[`env.${key}`] ??= []).push(from);
				}
			}
		} else if (key === 'env_file') {
			const files = importEnvFile(path, value, report);
			files.length > 0 && put(draft, 'envFile', files, path);
		} else if (key === 'depends_on') {
			importDependsOn(draft, path, value, report);
		} else if (key === 'readiness_probe') {
			const readiness = importReadinessProbe(path, value, report);
			readiness !== undefined && (put(draft, 'readiness', readiness, path), report.mapped(path));
		} else if (key === 'ready_log_line') {
			readLog
				? (put(draft, 'readiness', {log: escapeRegExp(value as string)}, path), report.mapped(path))
				: report.dropped(path, typeof value === 'string' ? 'one readiness per process: readiness_probe is kept' : `got ${shown(value)}, expected a line`);
		} else if (key === 'liveness_probe') {
			const liveness = importLivenessProbe(path, value, report);
			liveness !== undefined && (put(draft, 'liveness', liveness, path), report.mapped(path));
		} else if (key === 'availability') {
			importAvailability(draft, path, value, report);
		} else if (key === 'shutdown') {
			importShutdown(draft, path, value, report);
		} else if (key === 'schedule') {
			importSchedule(draft, path, value, report);
		} else if (key === 'watch') {
			importPcWatch(draft, path, value, spec.working_dir, report);
		} else if (key === 'description' && typeof value === 'string') {
			draft.description = value;
			report.approximated(path, 'kept as a comment');
		} else {
			report.dropped(path, 'not a process-compose key sidecar knows');
		}
	}

	if (unitEnv !== undefined && Object.keys(unitEnv).length > 0 && draft.spec.env === undefined) {
		draft.spec.env = {...unitEnv};
	}

	return draft;
}

const escapeRegExp = (text: string): string => text.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);

function importDependsOn(draft: Draft, at: string, value: unknown, report: ReportBuilder): void {
	if (!isRecord(value)) {
		report.dropped(at, `got ${shown(value)}, expected a map of name → {condition}`);
		return;
	}

	for (const [name, spec] of Object.entries(value)) {
		const path = `${at}.${name}`;
		const condition = isRecord(spec) ? spec.condition ?? 'process_started' : undefined;
		if (typeof condition !== 'string' || !(condition in CONDITIONS)) {
			report.dropped(path, `got ${shown(spec)}, expected {condition: ${Object.keys(CONDITIONS).join(' | ')}}`);
			continue;
		}

		draft.dependsOn.push({name, condition: CONDITIONS[condition]!, path});
		condition === 'process_log_ready'
			? report.approximated(path, 'condition ready: the dependency\'s readiness (its ready_log_line when it has no readiness_probe)')
			: report.mapped(path);
	}
}

// availability → restart policy: on_failure, always, no; exit_on_failure: never restarted, and a failure ends the
// unit (critical); backoff_seconds: a fixed delay; max_restarts: counted within sidecar's window.
function importAvailability(draft: Draft, at: string, value: unknown, report: ReportBuilder): void {
	if (!isRecord(value)) {
		report.dropped(at, `got ${shown(value)}, expected a mapping`);
		return;
	}

	const restarts: Record<string, string> = {always: 'always', on_failure: 'on-failure', exit_on_failure: 'never', no: 'never'};
	for (const [key, item] of Object.entries(value)) {
		const path = `${at}.${key}`;
		const delay = readSeconds(item);
		if (key === 'restart' && typeof item === 'string' && item in restarts) {
			put(draft, 'restart', restarts[item], path);
			if (item === 'exit_on_failure') {
				put(draft, 'critical', true, path);
				report.approximated(path, 'restart: \'never\', critical: true (a failure ends the unit, exit 70)');
			} else {
				report.mapped(path);
			}
		} else if (key === 'backoff_seconds' && delay !== undefined) {
			put(draft, 'backoff', {initial: delay, max: delay, factor: 1}, path);
			report.mapped(path);
		} else if (key === 'max_restarts' && readCount(item) !== undefined) {
			put(draft, 'maxRestarts', {count: item}, path);
			report.approximated(path, 'maxRestarts.count within sidecar\'s window (default 60s; process-compose counts every restart)');
		} else if ((key === 'exit_on_end' || key === 'exit_on_failure') && typeof item === 'boolean') {
			if (item) {
				put(draft, 'critical', true, path);
			}

			report.approximated(path, item ? 'critical: true: a failure that is not restarted ends the unit (main\'s exit always does)' : 'the default');
		} else {
			report.dropped(path, key === 'exit_on_skipped' ? 'sidecar skips no process' : `got ${shown(item)}, expected restart always|on_failure|exit_on_failure|no, backoff_seconds, max_restarts, exit_on_end`);
		}
	}
}

function importShutdown(draft: Draft, at: string, value: unknown, report: ReportBuilder): void {
	if (!isRecord(value)) {
		report.dropped(at, `got ${shown(value)}, expected {command, signal, timeout_seconds}`);
		return;
	}

	for (const [key, item] of Object.entries(value)) {
		const path = `${at}.${key}`;
		if (key === 'command' && typeof item === 'string' && item !== '') {
			put(draft, 'hooks', {...draft.spec.hooks as object, preStop: item}, path);
			report.approximated(path, 'hooks.preStop: run before the stop signal (process-compose runs it instead of one)');
		} else if (key === 'signal' && readSourceSignal(item) !== undefined) {
			put(draft, 'stopSignal', readSourceSignal(item), path);
			report.mapped(path);
		} else if (key === 'timeout_seconds' && readSeconds(item) !== undefined) {
			put(draft, 'stopTimeout', readSeconds(item), path);
			report.mapped(path);
		} else {
			report.dropped(path, key === 'parent_only' ? 'sidecar signals the whole process group' : `got ${shown(item)}, expected command, signal or timeout_seconds`);
		}
	}
}

// schedule: {cron | interval, timezone, run_on_start} → schedule on a task (run: 'once').
function importSchedule(draft: Draft, at: string, value: unknown, report: ReportBuilder): void {
	const every = isRecord(value) ? readGoDuration(value.interval) : undefined;
	if (!isRecord(value) || (typeof value.cron !== 'string' && every === undefined)) {
		report.dropped(at, `got ${shown(value)}, expected {cron} or {interval: "30s"}`);
		return;
	}

	const schedule: Record<string, unknown> = typeof value.cron === 'string' ? {cron: value.cron} : {every};
	typeof value.timezone === 'string' && (schedule.timezone = value.timezone);
	value.run_on_start === true && (schedule.runOnStart = true);
	put(draft, 'schedule', schedule, at);
	put(draft, 'run', 'once', at);
	report.approximated(at, 'schedule on a task (run: \'once\'): it runs at each firing');
	for (const key of Object.keys(value).filter(key => !['cron', 'interval', 'timezone', 'run_on_start'].includes(key))) {
		report.dropped(`${at}.${key}`, key === 'max_concurrent' ? 'overlap: \'skip\' (sidecar\'s default) runs one at a time' : 'not a schedule key sidecar knows');
	}
}
