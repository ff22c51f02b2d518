import type {ReportLine} from './types.js';

const OUT = ['out_file', 'out', 'output', 'out_log'];
const ERROR = ['error_file', 'error', 'err', 'err_file', 'err_log'];
const COMBINED = ['log_file', 'log'];
// pm2's ways of saying "discard this stream".
const DISCARDED = new Set(['/dev/null', 'NULL', 'null']);

// pm2's log files (out_file, error_file, log_file and their aliases) → logs.file, one file with both streams, stderr
// lines marked. Returns the keys it reported.
export function pm2LogKeys(app: Record<string, unknown>, at: string, key: string, spec: Record<string, unknown>, report: ReportLine[], comments: Record<string, string>): string[] {
	const keys = [...COMBINED, ...OUT, ...ERROR].filter(name => app[name] !== undefined);
	const file = (names: string[]) => names.map(name => app[name]).find((value): value is string => typeof value === 'string' && !DISCARDED.has(value));
	const chosen = file(COMBINED) ?? file(OUT) ?? file(ERROR);
	for (const name of keys) {
		const value = app[name];
		if (typeof value === 'string' && DISCARDED.has(value)) {
			report.push({path: `${at}.${name}`, result: 'dropped', why: 'pm2 discards this stream; sidecar prints it with the others and writes no file for it'});
		} else if (value === chosen && COMBINED.includes(name)) {
			report.push({path: `${at}.${name}`, result: 'mapped'});
		} else if (value === chosen) {
			report.push({path: `${at}.${name}`, result: 'approximated', how: 'logs.file holds both stdout and stderr'});
		} else {
			report.push({path: `${at}.${name}`, result: 'approximated', how: `written to ${String(chosen)} with the other stream (logs.file is one file)`});
		}
	}

	if (chosen !== undefined) {
		spec.logs = {file: chosen};
		if (!keys.some(name => COMBINED.includes(name) && app[name] === chosen)) {
			comments[`${key}.logs`] = 'pm2 wrote stdout and stderr to separate files; sidecar writes one file per process';
		}
	}

	return keys;
}
