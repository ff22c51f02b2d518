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
// PC_REPLICA_NUM variable) becomes sidecar's `${SIDECAR_REPLICA}` in a replicated process, 0 in another.
export function expandTemplates(value: unknown, vars: Record<string, unknown>, replicated: boolean): unknown {
	if (typeof value === 'string') {
		return value
			.replaceAll(/\{\{\s*\.PC_REPLICA_NUM\s*\}\}|\$\{PC_REPLICA_NUM\}|\$PC_REPLICA_NUM\b/g, replicated ? '${SIDECAR_REPLICA}' : '0')
			.replaceAll(/\{\{\s*\.([A-Za-z_]\w*)\s*\}\}/g, (whole, name: string) => (name in vars ? scalarText(vars[name]) ?? whole : whole));
	}

	if (Array.isArray(value)) {
		return value.map(item => expandTemplates(item, vars, replicated));
	}

	return isRecord(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandTemplates(item, vars, replicated)])) : value;
}

// process-compose expands `$VAR` and `${VAR}` from the environment, unset being empty, and reads `$$` as a literal
// `$`. sidecar interpolates `${VAR}` at load and fails on an unset one with no default, so each becomes `${VAR:-}`;
// `$$` becomes `$` (`$${` where a reference would follow). In a command (`shell`), `$VAR` is left to the shell,
// which expands it from the same environment. sidecar's own `${SIDECAR_*}` (from PC_REPLICA_NUM) is left alone.
export const rewritePcInterpolation = (text: string, shell = false): string =>
	text.replaceAll(/\$\$|\$\{(?!SIDECAR_)([A-Za-z_]\w*)\}|\$(?!SIDECAR_)([A-Za-z_]\w*)/g, (whole, braced: string | undefined, bare: string | undefined, offset: number) => {
		if (braced !== undefined || (bare !== undefined && !shell)) {
			return `\${${braced ?? bare}:-}`;
		}

		return bare === undefined ? (/^\{[A-Za-z_]\w*(:-[^}]*)?\}/.test(text.slice(offset + 2)) ? '$$' : '$') : whole;
	});
