import type {ReportBuilder} from './report-builder.js';
import {isRecord, scalarText, shown} from './source-values.js';

type Rewrite = (text: string, at: string) => string;

// Variables the supervisor sets itself: an imported value would be overwritten.
const RESERVED = /^SIDECAR_/;

const escapeRegExp = (text: string): string => text.replaceAll(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);

// The service whose name a value uses as a host (`db`, `redis://redis:6379`, `http://meta:8080/x`), if any.
export function hostNamed(value: string, services: readonly string[], own: string): string | undefined {
	// `includes` first: a file with 50 services and 600 values would otherwise build 30,000 regular expressions.
	return services.filter(name => name !== own && value.includes(name)).find(name =>
		value === name || new RegExp(String.raw`(?:^|[/@,\s])${escapeRegExp(name)}(?::\d|/|,|\s|$)`).test(value));
}

// `environment` (a list of KEY=value, or a map) → env. An entry with no value passes the supervisor's own through,
// which sidecar does for every variable: it is left out. A value naming another service as a host is kept but
// reported, since processes reach each other on 127.0.0.1. `origins` receives each kept key's source path.
export function importEnvironment(at: string, value: unknown, report: ReportBuilder, rewrite: Rewrite, services: readonly string[], own: string, origins: Record<string, string> = {}): Record<string, string> | undefined {
	const entries: Array<[string, unknown, string]> = [];
	if (Array.isArray(value)) {
		for (const [index, item] of value.entries()) {
			const text = scalarText(item);
			if (text === undefined || text.startsWith('=') || text === '') {
				report.dropped(`${at}[${index}]`, `got ${shown(item)}, expected "KEY=value" or "KEY"`);
				continue;
			}

			const equals = text.indexOf('=');
			entries.push(equals === -1 ? [text, null, `${at}[${index}]`] : [text.slice(0, equals), text.slice(equals + 1), `${at}[${index}]`]);
		}
	} else if (isRecord(value)) {
		entries.push(...Object.entries(value).map(([key, item]): [string, unknown, string] => [key, item, `${at}.${key}`]));
	} else {
		report.dropped(at, `got ${shown(value)}, expected a list of "KEY=value" or a map`);
		return undefined;
	}

	const env: Record<string, string> = {};
	for (const [key, raw, path] of entries) {
		if (RESERVED.test(key)) {
			report.dropped(path, 'the supervisor sets SIDECAR_* variables itself');
			continue;
		}

		if (raw === null || raw === undefined) {
			report.approximated(path, 'left out: sidecar passes the supervisor\'s own environment through to every process');
			continue;
		}

		const text = scalarText(raw);
		if (text === undefined) {
			report.dropped(path, `got ${shown(raw)}, expected a string, number or boolean`);
			continue;
		}

		env[key] = rewrite(text, path);
		origins[key] = path;
		const host = hostNamed(text, services, own);
		if (host === undefined) {
			report.mapped(path);
		} else {
			report.approximated(path, `kept as is, but it names the service "${host}" as a host: processes reach each other on 127.0.0.1`);
		}
	}

	return env;
}

// `env_file`: a path, a list of paths, or {path, required}; an optional file gets sidecar's '-' prefix.
export function importEnvFile(at: string, value: unknown, report: ReportBuilder): string[] {
	const items = Array.isArray(value) ? value.map((item, index) => [item, `${at}[${index}]`] as const) : [[value, at] as const];
	const files: string[] = [];
	for (const [item, path] of items) {
		const file = typeof item === 'string' ? item : isRecord(item) && typeof item.path === 'string' ? (item.required === false ? `-${item.path}` : item.path) : undefined;
		if (file === undefined || file === '' || file === '-') {
			report.dropped(path, `got ${shown(item)}, expected a path or {path, required}`);
			continue;
		}

		files.push(file);
		report.mapped(path);
	}

	return files;
}
