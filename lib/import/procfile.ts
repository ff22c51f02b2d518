import {existsSync} from 'node:fs';
import path from 'node:path';
import {UsageError} from '../errors.js';
import {parseProcfile, procfileProcesses, type ProcfileLine} from './parse-procfile.js';
import {ImportError, type Importer, type Imported, type ReportLine} from './types.js';

// How a Procfile runs (foreman's flags, for `sidecar run --procfile`); import uses the defaults.
export type ProcfileRunOptions = {
	main?: string;
	// foreman -p: the port of the first process (default 5000).
	basePort?: number;
	// foreman -m web=1,worker=2: instances per process (0: not run); `all` sets the rest.
	formation?: Record<string, number>;
	// overmind -r: restart what exits instead of stopping all.
	restart?: boolean;
	// The Procfile's directory: where `.env` is looked for.
	directory?: string;
};

type Entry = Extract<ProcfileLine, {kind: 'process'}>;

// A process that is itself a Procfile runner (mastodon's `web: bundle exec foreman start -f Procfile.heroku`).
const NESTED_RUNNER = /\b(foreman|overmind|honcho|hivemind)\s+start\b(?:.*?\s-f\s*(\S+))?/;

// foreman sets PORT unless the command does it itself: `PORT=3000 bundle exec puma`, `export PORT=3000 && …`.
const setsPort = (command: string): boolean => /(^|[;&|(]\s*)(export\s+)?(\w+=\S*\s+)*PORT=/.test(command);
const ordinal = (n: number): string => `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

// A Procfile → a sidecar config (docs/import.md, Procfile): `web` (or --main) is main, `release` a task before it,
// the rest sidecars; PORT by foreman's rule; comments carried over; every line reported.
export const importProcfile: Importer = (text, options) =>
	procfileConfig(parseProcfile(text), {main: options.main, directory: path.dirname(options.file)});

// The config of a parsed Procfile, for import (defaults) and for `sidecar run --procfile` (its flags).
export function procfileConfig(lines: readonly ProcfileLine[], options: ProcfileRunOptions = {}): Imported {
	const entries = procfileProcesses(lines);
	if (entries.length === 0) {
		throw new ImportError('no process line: a Procfile has lines like `web: bundle exec puma`', 1, 1);
	}

	const names = entries.map(({name}) => name);
	if (options.main !== undefined && !names.includes(options.main)) {
		throw new UsageError(`--main got ${JSON.stringify(options.main)}, expected a process of the Procfile: ${names.join(', ')}`);
	}

	const mainEntry = entries.find(({name}) => name === (options.main ?? 'web')) ?? entries.find(({name}) => name !== 'release') ?? entries[0]!;
	const base = options.basePort ?? 5000;
	const report: ReportLine[] = [];
	const comments: Record<string, string> = {};
	const sidecars: Record<string, Record<string, unknown>> = {};
	let main: Record<string, unknown> = {};
	const keyOf = new Map<Entry, string>();
	for (const entry of entries) {
		const count = instances(entry.name, options.formation);
		const port = setsPort(entry.command) ? undefined : base + (100 * entry.position);
		const portNote = port === undefined ? undefined : `foreman's PORT: ${base} + 100 × ${entry.position} (${entry.name} is the ${ordinal(entry.position + 1)} process)`;
		if (entry === mainEntry) {
			main = {command: entry.command, ...(port === undefined ? {} : {env: {PORT: String(port)}})};
			keyOf.set(entry, 'main');
			if (portNote !== undefined) {
				comments['main.env.PORT'] = portNote;
			}

			report.push(options.main === undefined && entry.name !== 'web'
				? {path: entry.name, result: 'approximated', how: `no web process: ${entry.name}, the first, is main (choose another with --main)`}
				: {path: entry.name, result: 'mapped'});
			continue;
		}

		const name = sidecarName(entry.name, names);
		const key = `sidecars.${name}`;
		keyOf.set(entry, key);
		if (name !== entry.name) {
			report.push({path: entry.name, result: 'approximated', how: `renamed ${name}: a sidecar's name starts with a letter or digit and is not main`});
		}

		if (entry.name === 'release') {
			sidecars[name] = {command: entry.command, run: 'once', start: 'before', ...(port === undefined ? {} : {env: {PORT: String(port)}})};
			comments[key] = 'Heroku\'s release phase: a task that completes before main starts';
			report.push({path: entry.name, result: 'approximated', how: 'a task run once before main, at every start of the unit (Heroku runs it once per deploy)'});
			continue;
		}

		const replicas = count > 1 ? {replicas: {count, ...(port === undefined ? {} : {port: {base: port, step: 1}})}} : {};
		const env = port === undefined ? {} : {env: {PORT: count > 1 ? '${SIDECAR_PORT}' : String(port)}};
		sidecars[name] = {command: entry.command, ...env, ...replicas, ...(count === 0 ? {enabled: false} : {}), critical: true, restart: options.restart ? 'always' : 'never'};
		if (portNote !== undefined) {
			comments[`${key}.env.PORT`] = count > 1 ? `${portNote}, + the instance's index` : portNote;
		}

		if (name === entry.name) {
			report.push(options.restart
				? {path: entry.name, result: 'mapped'}
				: {path: entry.name, result: 'approximated', how: 'foreman stops all when any process exits: critical with restart \'never\' stops the unit on a failing exit, not on a clean one (0)'});
		}
	}

	for (const entry of entries) {
		const nested = NESTED_RUNNER.exec(entry.command);
		const key = keyOf.get(entry);
		if (nested !== null && key !== undefined) {
			const file = nested[2] ?? 'Procfile';
			comments[key] = [comments[key], `${nested[1]!} runs ${file}'s processes under this one: import ${file} too to supervise each on its own`].filter(Boolean).join('\n');
			const index = report.findIndex(line => line.path === entry.name);
			report.splice(index + 1, 0, {path: `${entry.name} (command)`, result: 'approximated', how: `runs ${nested[1]!}, which starts ${file}'s processes as one: sidecar sees one process (import ${file} to see each)`});
		}
	}

	comments.sidecars = options.restart
		? 'Restarted when they exit (overmind -r); one given up on (maxRestarts) stops the unit.'
		: 'foreman stops every process when one exits: a sidecar that fails stops the unit (critical, restart: \'never\'); set restart: \'always\' to keep them running, as overmind -r does.';
	reportOtherLines(lines, entries, keyOf, report, comments);
	const lineOf = (line: ReportLine): number => entries.find(entry => entry.name === line.path.split(' ')[0])?.line ?? Number(/^line (\d+)/.exec(line.path)?.[1] ?? 0);
	report.sort((a, b) => lineOf(a) - lineOf(b)); // In the Procfile's order (a stable sort keeps a renamed line's two).
	const envFile = options.directory !== undefined && existsSync(path.join(options.directory, '.env'));
	if (envFile) {
		report.push({path: '.env', result: 'mapped'});
	}

	comments.envFile = 'foreman reads .env beside the Procfile; the leading \'-\': it may be missing';
	const config = {envFile: '-.env', main, ...(Object.keys(sidecars).length > 0 ? {sidecars} : {})};
	return {config, report, comments};
}

// Instances of one process under foreman's -m formation (`all=2,worker=0`); 1 without one.
function instances(name: string, formation: Record<string, number> | undefined): number {
	return formation?.[name] ?? formation?.all ?? 1;
}

// A Procfile name as a sidecar's name: sidecar's names start with a letter or digit, and `main` is taken.
function sidecarName(name: string, taken: readonly string[]): string {
	let candidate = /^[A-Za-z\d]/.test(name) && name !== 'main' ? name : `p${name}`;
	while (candidate !== name && taken.includes(candidate)) {
		candidate = `p${candidate}`;
	}

	return candidate;
}

// Comments go above the next process (the last one's, after it); blank, malformed and duplicate lines are reported.
function reportOtherLines(lines: readonly ProcfileLine[], entries: readonly Entry[], keyOf: Map<Entry, string>, report: ReportLine[], comments: Record<string, string>): void {
	for (const line of lines) {
		if (line.kind === 'comment') {
			const below = entries.find(entry => entry.line > line.line) ?? entries.at(-1)!;
			const key = keyOf.get(below)!;
			comments[key] = comments[key] === undefined ? line.text : `${comments[key]}\n${line.text}`;
			report.push({path: `line ${line.line} (comment)`, result: 'mapped'});
		} else if (line.kind === 'blank') {
			report.push({path: `line ${line.line} (blank)`, result: 'mapped'});
		} else if (line.kind === 'malformed') {
			report.push({path: `line ${line.line}`, result: 'dropped', why: `not NAME: COMMAND, so foreman skips it too: ${JSON.stringify(line.text.slice(0, 60))}`});
		} else if (line.kind === 'duplicate') {
			report.push({path: `line ${line.line} (${line.name})`, result: 'dropped', why: `a second process named ${line.name} (the first is on line ${line.first}); names are unique in sidecar`});
		}
	}
}
