import {readFileSync} from 'node:fs';
import path from 'node:path';
import {readYaml} from './read-yaml.js';
import type {ReportBuilder} from './report-builder.js';
import {isRecord, scalarText} from './source-values.js';
import {ImportError} from './types.js';

// `extends: base.yaml` (process-compose's own): the base file's keys, with this file's processes replacing the base's
// of the same name and its other keys winning. A base that extends again is followed, up to a depth of 5.
export function expandExtends(root: Record<string, unknown>, file: string, report: ReportBuilder, depth = 0): Record<string, unknown> {
	if (root.extends === undefined) {
		return root;
	}

	const {extends: base, ...rest} = root;
	if (typeof base !== 'string' || depth >= 5) {
		report.dropped('extends', depth >= 5 ? 'extends nested more than 5 deep' : 'expected a file path');
		return rest;
	}

	const basePath = path.resolve(path.dirname(file), base);
	let text: string;
	try {
		text = readFileSync(basePath, 'utf8');
	} catch (error) {
		report.dropped('extends', `unable to read ${base}: ${(error as NodeJS.ErrnoException).code ?? 'error'} (its processes are not imported)`);
		return rest;
	}

	let value: unknown;
	try {
		value = readYaml(text).value;
	} catch (error) {
		const {line, column, message} = error as ImportError;
		throw new ImportError(`${base}: ${message}`, line, column);
	}

	const parent = isRecord(value) ? expandExtends(value, basePath, report, depth + 1) : {};
	report.approximated('extends', `expanded: ${base}'s keys merged below this file's (a process defined in both is this file's)`);
	const processes = {...(isRecord(parent.processes) ? parent.processes : {}), ...(isRecord(rest.processes) ? rest.processes : {})};
	return {...parent, ...rest, processes};
}

// A process's `vars` over the file's: `{{.NAME}}` is replaced in every string, `{{.PC_REPLICA_NUM}}` (and the
// PC_REPLICA_NUM variable) becomes sidecar's `${SIDECAR_REPLICA}`.
export function expandTemplates(value: unknown, vars: Record<string, unknown>): unknown {
	if (typeof value === 'string') {
		return value
			.replaceAll(/\{\{\s*\.PC_REPLICA_NUM\s*\}\}|\$\{PC_REPLICA_NUM\}|\$PC_REPLICA_NUM\b/g, '${SIDECAR_REPLICA}')
			.replaceAll(/\{\{\s*\.([A-Za-z_]\w*)\s*\}\}/g, (whole, name: string) => (name in vars ? scalarText(vars[name]) ?? whole : whole));
	}

	if (Array.isArray(value)) {
		return value.map(item => expandTemplates(item, vars));
	}

	return isRecord(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandTemplates(item, vars)])) : value;
}

// process-compose expands `${VAR}` from the environment, unset being empty; sidecar fails on an unset `${VAR}` with no
// default, so it becomes `${VAR:-}`. `$VAR` is left to the shell, which expands it the same way.
// sidecar's own `${SIDECAR_*}` (from PC_REPLICA_NUM) is left alone.
export const rewritePcInterpolation = (text: string): string => text.replaceAll(/(?<!\$)\$\{(?!SIDECAR_)([A-Za-z_]\w*)\}/g, '${$1:-}');
