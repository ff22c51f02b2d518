import {assemble} from './assemble.js';
import {chooseMain} from './choose-main.js';
import type {Draft} from './draft.js';
import {expandExtends, expandTemplates, rewritePcInterpolation} from './process-compose-expand.js';
import {importPcProcess} from './process-compose-process.js';
import {applyNames, sidecarNames} from './process-names.js';
import {readYaml} from './read-yaml.js';
import {createReport} from './report-builder.js';
import {isRecord, scalarText, shown} from './source-values.js';
import {ImportError, type Importer} from './types.js';

const TOP_DROPPED: Record<string, string> = {
	version: 'obsolete in process-compose itself',
	log_location: 'sidecar keeps a file per process (logs.file), not one for the unit',
	log_level: 'sidecar has no log level: it prints each process\'s lines',
	log_format: 'sidecar\'s own format: logs.format (pretty or json)',
	log_length: 'sidecar keeps lines for `sidecar logs` by its own rule',
	log_configuration: 'rotation is per process file (logs.maxSize, logs.keep)',
	shell: 'a string command runs through /bin/sh -c',
	env_cmds: 'no commands run to fill the environment: set the variables before `sidecar run`',
	is_strict: 'sidecar always refuses unknown keys (`sidecar check`)',
	disable_env_expansion: 'sidecar expands `${VAR}` in JSON and YAML configs (write `$${VAR}` for a literal)',
	is_tui_disabled: 'sidecar has no TUI',
	is_dotenv_disabled: 'sidecar reads no .env unless envFile names it',
	mcp: 'sidecar has no MCP server',
};

// A process-compose.yaml → sidecar's config; docs/import.md, Compose and process-compose, has the mapping table. `extends` and `vars` are
// expanded first; main is `--main`, else the first process with availability.exit_on_end, else one named
// main/web/app/api/server, else the first that nothing depends on.
export const importProcessCompose: Importer = (text, options) => {
	const source = readYaml(text);
	const report = createReport();
	if (!isRecord(source.value)) {
		throw new ImportError(`unable to import process-compose file: got ${shown(source.value)}, expected a mapping with processes`, 1, 1);
	}

	const root = expandExtends(source.value, options.file, report);
	if (!isRecord(root.processes) || Object.keys(root.processes).length === 0) {
		const {line, column} = source.positionOf(['processes']);
		throw new ImportError(`unable to import process-compose file: expected processes, a mapping of name → process (got ${shown(root.processes)})`, line, column);
	}

	const vars = isRecord(root.vars) ? root.vars : {};
	const unitEnv = readUnitEnv(root.environment);
	const config: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(root).filter(([key]) => key !== 'processes' && key !== 'extends')) {
		if (key === 'vars') {
			report.mapped(key);
		} else if (key === 'environment') {
			unitEnv === undefined ? report.dropped(key, `got ${shown(value)}, expected a list of "KEY=value"`) : report.approximated(key, 'copied into each process\'s env (sidecar has no unit-wide env, only envFile)');
		} else if (key === 'env_file' && (typeof value === 'string' || Array.isArray(value))) {
			config.envFile = value;
			report.mapped(key);
		} else if (key === 'ordered_shutdown' && typeof value === 'boolean') {
			value && (config.shutdown = 'sequential');
			report.approximated(key, 'shutdown: \'sequential\' (sidecar stops in reverse start order)');
		} else {
			report.dropped(key, TOP_DROPPED[key] ?? 'not a process-compose key sidecar knows');
		}
	}

	const drafts: Draft[] = [];
	const exitsOnEnd = new Set<string>();
	const leftOut = new Set<string>();
	const renamed = sidecarNames(Object.keys(root.processes));
	for (const [name, spec] of Object.entries(root.processes)) {
		if (!isRecord(spec)) {
			const {line, column} = source.positionOf(['processes', name]);
			throw new ImportError(`unable to import process "${name}": got ${shown(spec)}, expected a mapping`, line, column);
		}

		const own = {...vars, ...(isRecord(spec.vars) ? spec.vars : {})};
		const expanded = rewriteStrings(expandTemplates(spec, own, spec.replicas !== undefined)) as Record<string, unknown>;
		const draft = importPcProcess(name, renamed.get(name)!, expanded, report, unitEnv ?? {});
		if (draft.spec.command === undefined) {
			report.dropped(`processes.${name}`, 'no command: nothing to run');
			leftOut.add(draft.name);
			continue;
		}

		drafts.push(draft);
		report.mapped(`processes.${name}`);
		if (isRecord(spec.availability) && spec.availability.exit_on_end === true) {
			exitsOnEnd.add(draft.name);
		}
	}

	if (drafts.length === 0) {
		const {line, column} = source.positionOf(['processes']);
		throw new ImportError('unable to import process-compose file: no process has a command', line, column);
	}

	applyNames(drafts, renamed, 'processes', report);
	const main = chooseMain(drafts, options.main === undefined ? undefined : renamed.get(options.main) ?? options.main, draft => exitsOnEnd.has(draft.name));
	if (main === undefined) {
		const {line, column} = source.positionOf(['processes']);
		throw new ImportError(`unable to import process-compose file: --main "${options.main}" is not a process with a command (${drafts.map(draft => draft.name).join(', ')})`, line, column);
	}

	const mainSource = [...renamed].find(([, to]) => to === main.name)![0];
	report.replace(`processes.${mainSource}`, {path: `processes.${mainSource}`, result: 'approximated', how: `became main: ${main.why}`});
	report.comment('main', `The process-compose process "${main.name}": ${main.why}.`);
	const {main: mainSpec, sidecars} = assemble(drafts, main.name, report, leftOut);
	for (const draft of drafts.filter(draft => draft.description !== undefined)) {
		report.comment(draft.name === main.name ? 'main' : `sidecars.${draft.name}`, draft.description!);
	}

	return report.finish({...config, main: mainSpec, ...(Object.keys(sidecars).length > 0 ? {sidecars} : {})});
};

function readUnitEnv(value: unknown): Record<string, string> | undefined {
	if (value === undefined) {
		return {};
	}

	if (!Array.isArray(value)) {
		return undefined;
	}

	const pairs = value.map(item => scalarText(item)).filter((item): item is string => item !== undefined && item.includes('=') && !item.startsWith('='));
	return pairs.length === value.length ? Object.fromEntries(pairs.map(pair => [pair.slice(0, pair.indexOf('=')), rewritePcInterpolation(pair.slice(pair.indexOf('=') + 1))])) : undefined;
}

// Every string of a process in sidecar's interpolation syntax; `command` values are shell text.
const rewriteStrings = (value: unknown, shell = false): unknown =>
	typeof value === 'string'
		? rewritePcInterpolation(value, shell)
		: Array.isArray(value)
			? value.map(item => rewriteStrings(item, shell))
			: isRecord(value) ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewriteStrings(item, shell || key === 'command')])) : value;
