import type {ReportBuilder} from './report-builder.js';
import {isRecord, readCount, readSeconds, shown} from './source-values.js';

// A probe's check: exec.command (run through the shell, as process-compose does) or http_get → a URL.
function readCheck(at: string, probe: Record<string, unknown>, report: ReportBuilder): Record<string, unknown> | undefined {
	if (isRecord(probe.exec) && typeof probe.exec.command === 'string' && probe.exec.command !== '') {
		report.mapped(`${at}.exec.command`);
		for (const key of Object.keys(probe.exec).filter(key => key !== 'command')) {
			report.dropped(`${at}.exec.${key}`, 'an exec probe runs in the process\'s cwd');
		}

		return {exec: probe.exec.command};
	}

	if (isRecord(probe.http_get)) {
		const {scheme = 'http', host = '127.0.0.1', port = probe.http_get.num_port, path = '/'} = probe.http_get;
		const portText = typeof port === 'number' || typeof port === 'string' ? `:${port}` : '';
		if ((scheme !== 'http' && scheme !== 'https') || typeof host !== 'string' || typeof path !== 'string') {
			report.dropped(`${at}.http_get`, `got ${shown(probe.http_get)}, expected {scheme: http|https, host, port, path}`);
			return undefined;
		}

		for (const key of Object.keys(probe.http_get)) {
			report.mapped(`${at}.http_get.${key}`);
		}

		return {http: `${scheme}://${host}${portText}${path.startsWith('/') ? path : `/${path}`}`};
	}

	return undefined;
}

// readiness_probe → readiness: checked every period_seconds until the first pass and after; start-up may take
// initial_delay + period × failure_threshold (at least sidecar's 30s) before it fails.
export function importReadinessProbe(at: string, value: unknown, report: ReportBuilder): Record<string, unknown> | undefined {
	return importProbe(at, value, report, 'readiness');
}

// liveness_probe → liveness: failure_threshold failures in a row restart the process.
export function importLivenessProbe(at: string, value: unknown, report: ReportBuilder): Record<string, unknown> | undefined {
	return importProbe(at, value, report, 'liveness');
}

function importProbe(at: string, value: unknown, report: ReportBuilder, kind: 'readiness' | 'liveness'): Record<string, unknown> | undefined {
	const check = isRecord(value) ? readCheck(at, value, report) : undefined;
	if (!isRecord(value) || check === undefined) {
		report.dropped(at, `got ${shown(value)}, expected {exec: {command}} or {http_get: {host, port, path}} with thresholds`);
		return undefined;
	}

	const spec: Record<string, unknown> = {...check};
	const seconds = (key: string) => (value[key] === undefined ? undefined : readSeconds(value[key]));
	const [period, timeout, delay] = [seconds('period_seconds'), seconds('timeout_seconds'), seconds('initial_delay_seconds')];
	const failures = readCount(value.failure_threshold);
	const fields: Record<string, [unknown, string | undefined]> = kind === 'readiness'
		? {period_seconds: [period, 'interval'], timeout_seconds: [timeout, 'checkTimeout'], failure_threshold: [failures, 'failureThreshold'], success_threshold: [readCount(value.success_threshold), 'successThreshold']}
		: {period_seconds: [period, 'interval'], timeout_seconds: [timeout, 'timeout'], failure_threshold: [failures, 'failureThreshold'], initial_delay_seconds: [delay, 'initialDelay'], success_threshold: [undefined, undefined]};
	for (const [key, item] of Object.entries(value)) {
		const path = `${at}.${key}`;
		if (key === 'exec' || key === 'http_get') {
			continue;
		}

		if (key === 'initial_delay_seconds' && kind === 'readiness') {
			continue; // Folded into readiness.timeout below.
		}

		const [converted, target] = fields[key] ?? [undefined, undefined];
		if (target === undefined && key === 'success_threshold') {
			report.dropped(path, 'a liveness failure restarts; one pass is enough');
		} else if (target === undefined || converted === undefined || (typeof converted === 'number' && converted < 1)) {
			report.dropped(path, target === undefined ? 'not a probe key sidecar knows' : `got ${shown(item)}, expected a positive number`);
		} else {
			spec[target] = converted;
			report.mapped(path);
		}
	}

	if (kind === 'readiness') {
		spec.period = spec.interval ?? '10s';
		const periodMs = typeof value.period_seconds === 'number' && value.period_seconds > 0 ? value.period_seconds * 1000 : 10_000;
		const delayMs = typeof value.initial_delay_seconds === 'number' && value.initial_delay_seconds > 0 ? value.initial_delay_seconds * 1000 : 0;
		const budget = delayMs + periodMs * (failures !== undefined && failures > 0 ? failures : 3);
		spec.timeout = `${Math.max(30, Math.ceil(budget / 1000))}s`;
		if (value.initial_delay_seconds !== undefined) {
			report.approximated(`${at}.initial_delay_seconds`, `sidecar probes from the start; start-up fails after readiness.timeout ${String(spec.timeout)} (initial delay + period × failure_threshold, at least 30s)`);
		}
	}

	return spec;
}
