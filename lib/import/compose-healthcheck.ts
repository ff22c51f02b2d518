import type {ReportBuilder} from './report-builder.js';
import {isRecord, readCount, readGoDuration, shown} from './source-values.js';

// A compose healthcheck → sidecar readiness (an exec probe), or undefined (none, disabled, or unreadable).
// `test`: ['CMD', argv…] runs directly, ['CMD-SHELL', 'text'] and a plain string through a shell, ['NONE'] disables.
// Compose checks at `interval` until healthy and after; sidecar tries every `interval` (compose's start_interval,
// default 100ms) until the first pass, then every `period`: so interval → period, start_interval → interval.
export function importHealthcheck(at: string, value: unknown, report: ReportBuilder, rewrite: (text: string, at: string) => string): Record<string, unknown> | undefined {
	if (!isRecord(value)) {
		report.dropped(at, `got ${shown(value)}, expected a mapping with test, interval, timeout, retries, start_period`);
		return undefined;
	}

	if (value.disable === true || (Array.isArray(value.test) && value.test[0] === 'NONE')) {
		report.approximated(at, 'disabled: no readiness probe (sidecar counts the process ready once alive for 1s)');
		return undefined;
	}

	const exec = readTest(value.test, rewrite, `${at}.test`);
	if (exec === undefined) {
		report.dropped(at, `test: got ${shown(value.test)}, expected ["CMD", …], ["CMD-SHELL", "…"] or a string (a healthcheck with no test runs the image's own)`);
		return undefined;
	}

	report.mapped(`${at}.test`);
	const readiness: Record<string, unknown> = {exec};
	const durations = {interval: 'period', timeout: 'checkTimeout', start_period: 'timeout', start_interval: 'interval'} as const;
	for (const [key, value_] of Object.entries(value)) {
		const path = `${at}.${key}`;
		if (key === 'test' || (key === 'disable' && value_ === false)) {
			report.mapped(path);
		} else if (key in durations) {
			const duration = readGoDuration(value_);
			if (duration === undefined) {
				report.dropped(path, typeof value_ === 'string' && value_.includes('$') ? `got ${shown(value_)}: a variable compose reads from .env; write its value (a duration like "30s")` : `got ${shown(value_)}, expected a duration like "10s" or "1m30s"`);
				continue;
			}

			readiness[durations[key as keyof typeof durations]] = duration;
			if (key === 'interval') {
				report.approximated(path, 'readiness.period: checks after the first pass; until it, sidecar tries every start_interval (default 100ms)');
			} else if (key === 'start_period') {
				report.approximated(path, 'readiness.timeout: start-up fails if the check has not passed by then (compose only stops ignoring failures)');
			} else {
				report.mapped(path);
			}
		} else if (key === 'retries') {
			const retries = readCount(value_);
			if (retries === undefined || retries < 1) {
				report.dropped(path, typeof value_ === 'string' && value_.includes('$') ? `got ${shown(value_)}: a variable compose reads from .env; write its value (a whole number)` : `got ${shown(value_)}, expected a whole number of at least 1`);
			} else {
				readiness.failureThreshold = retries;
				report.mapped(path);
			}
		} else {
			report.dropped(path, 'not a healthcheck key sidecar knows');
		}
	}

	return readiness;
}

function readTest(test: unknown, rewrite: (text: string, at: string) => string, at: string): string | string[] | undefined {
	if (typeof test === 'string' && test.trim() !== '') {
		return rewrite(test, at);
	}

	if (!Array.isArray(test) || !test.every(item => typeof item === 'string')) {
		return undefined;
	}

	const [kind, ...rest] = test as string[];
	if (kind === 'CMD' && rest.length > 0) {
		return rest.map(item => rewrite(item, at));
	}

	return kind === 'CMD-SHELL' && rest.length > 0 ? rewrite(rest.join(' '), at) : undefined;
}
