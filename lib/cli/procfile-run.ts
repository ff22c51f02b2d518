import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {selectProfiles} from '../config/profiles.js';
import {resolveConfig} from '../config/resolve.js';
import type {ResolvedConfig} from '../config/types.js';
import {EXIT, SidecarError, UsageError} from '../errors.js';
import type {UnitEvents} from '../events/unit-events.js';
import {parseProcfile, procfileProcesses} from '../import/parse-procfile.js';
import {procfileConfig} from '../import/procfile.js';
import {ImportError} from '../import/types.js';
import type {UnitCommand} from '../supervisor/unit-commands.js';
import {splitAtDashes} from './args.js';

// `sidecar run --procfile [FILE] -p 5000`, as foreman takes it: a --procfile with no file reads ./Procfile, and -p
// (--profile's short option elsewhere) is foreman's port. Other arguments pass through unchanged.
export function procfileArgs(args: readonly string[]): string[] {
	const [own, command] = splitAtDashes(args);
	const index = own.indexOf('--procfile');
	if (index === -1) {
		return [...args];
	}

	const next = own[index + 1];
	const adjusted = next === undefined || next.startsWith('-') ? [...own.slice(0, index + 1), 'Procfile', ...own.slice(index + 1)] : own;
	const translated = adjusted.map(arg => (arg === '-p' ? '--port' : arg));
	return args.includes('--') ? [...translated, '--', ...command] : translated;
}

// run's options that concern a Procfile.
export type ProcfileValues = {procfile: string; formation?: string; port?: string; restart?: boolean; config?: string};

// A Procfile is the whole unit: a config file or a main command beside it would be silently ignored, so they are refused.
export function checkProcfileRun(values: ProcfileValues, command: readonly string[]): void {
	if (values.config !== undefined || command.length > 0) {
		throw new UsageError(`run: --procfile runs the Procfile's processes; it takes no ${values.config === undefined ? '`-- COMMAND`' : '--config'} (import the Procfile to combine it with a config: sidecar import ${values.procfile})`);
	}
}

// The unit of a Procfile with foreman's semantics (docs/import.md, Running a Procfile): web (or the first) is main,
// PORT = port + 100 × position (+ instance), `-m` instances, every process critical.
export async function readProcfileConfig(values: ProcfileValues, cwd: string, env: Record<string, string>): Promise<ResolvedConfig> {
	const file = path.resolve(cwd, values.procfile);
	const text = await readFile(file, 'utf8').catch((error: unknown) => {
		throw new SidecarError(`unable to read ${values.procfile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, EXIT.noInput, {cause: error});
	});
	const lines = parseProcfile(text);
	const names = procfileProcesses(lines).map(({name}) => name);
	const formation = parseFormation(values.formation, names);
	try {
		const {config} = procfileConfig(lines, {basePort: values.port === undefined ? 5000 : Number(values.port), formation, restart: values.restart === true, directory: path.dirname(file)});
		const main = procfileProcesses(lines).find(({name}) => name === 'web') ?? procfileProcesses(lines).find(({name}) => name !== 'release');
		if (main !== undefined && (formation[main.name] ?? 1) !== 1) {
			throw new UsageError(`run: -m ${main.name}=${formation[main.name]!}: ${main.name} is main and runs one instance (give the others their counts)`);
		}

		return selectProfiles(resolveConfig(config, path.dirname(file), null, env), []);
	} catch (error) {
		if (error instanceof ImportError) {
			throw new SidecarError(`${values.procfile}:${error.line}:${error.column}: ${error.message}`, EXIT.data, {cause: error});
		}

		throw error;
	}
}

// foreman's -m: `web=1,worker=2` (`all=N` for the rest); each count a whole number, each name a process of the Procfile.
export function parseFormation(given: string | undefined, names: readonly string[]): Record<string, number> {
	const formation: Record<string, number> = {};
	for (const pair of (given ?? '').split(',').filter(Boolean)) {
		const [name = '', count = ''] = pair.split('=');
		if (!/^\d+$/.test(count.trim()) || (name !== 'all' && !names.includes(name.trim()))) {
			throw new UsageError(`run: -m got ${JSON.stringify(pair)}, expected NAME=N with NAME one of all, ${names.join(', ')}`);
		}

		formation[name.trim()] = Number(count);
	}

	return formation;
}

// foreman stops every process when one exits, cleanly or not; tasks (release) are meant to end and do not.
export function stopOnAnyExit(config: ResolvedConfig, events: UnitEvents, dispatch: (command: UnitCommand) => Promise<unknown>): void {
	const tasks = new Set(config.sidecars.filter(spec => spec.run === 'once').map(({name}) => name));
	events.on('exited', ({name, code, signal, stopped}) => {
		if (stopped !== true && !tasks.has(name) && name !== 'main') {
			const how = signal === null ? `exit code ${code ?? '?'}` : `signal ${signal}`;
			dispatch({type: 'stop-unit', reason: `${name} exited (${how}): a Procfile unit stops when any process exits (--restart keeps them running)`, exitCode: code ?? EXIT.software}).catch(() => {}); // Already stopping.
		}
	});
}
