import {availableParallelism} from 'node:os';
import path from 'node:path';
import {UsageError} from '../errors.js';
import {loadEcosystem} from './load-ecosystem.js';
import {mapApp} from './pm2-app.js';
import {instanceCount} from './pm2-values.js';
import {isRecord} from './source-values.js';
import {ImportError, type Importer, type ReportLine} from './types.js';

type App = {app: Record<string, unknown>; at: string; name: string; count: number};

// A PM2 ecosystem file → a sidecar config (docs/import.md, PM2). `cpus` is what `instances: 'max'` becomes: this
// host's count for the CLI, a fixed one for tests.
export function pm2Importer(cpus: number): Importer {
	return async (text, options) => {
		const {data, how} = await loadEcosystem(text, options.file);
		const report: ReportLine[] = how === 'executed'
			? [{path: path.basename(options.file), result: 'approximated', how: 'executed with Node, as `pm2 start` does: what it computed (process.env, paths) is written as it was now'}]
			: [];
		const apps = listApps(data, report, cpus);
		const named = apps.filter(({app}) => typeof (app.script ?? app.exec) === 'string' && (app.script ?? app.exec) !== '');
		for (const {at} of apps.filter(entry => !named.includes(entry))) {
			report.push({path: at, result: 'dropped', why: 'no script: nothing to run'});
		}

		if (named.length === 0) {
			throw new ImportError('no app with a script: an ecosystem file is {apps: [{name, script}, …]}', 1, 1);
		}

		if (options.main !== undefined && !named.some(({name}) => name === options.main)) {
			throw new UsageError(`--main got ${JSON.stringify(options.main)}, expected an app of the file: ${named.map(({name}) => name).join(', ')}`);
		}

		// pm2 has no main: the first app that runs once keeps every app's instance count.
		const main = named.find(({name}) => name === options.main) ?? named.find(({count, app}) => count === 1 && app.cron_restart === undefined) ?? named[0]!;
		const comments: Record<string, string> = {};
		const sidecars: Record<string, unknown> = {};
		const taken = new Set<string>(['main']);
		const ports: Array<[number, number, string]> = [];
		let mainSpec: Record<string, unknown> = {};
		for (const entry of named) {
			const isMain = entry === main;
			const key = isMain ? 'main' : `sidecars.${uniqueName(entry.name, taken)}`;
			const mapped = mapApp(entry.app, {at: entry.at, key, isMain, env: options.env, cpus, ports});
			report.push(...mapped.report);
			Object.assign(comments, mapped.comments);
			if (key !== `sidecars.${entry.name}` && !isMain) {
				report.push({path: `${entry.at}.name`, result: 'approximated', how: `written as ${key}: names are letters, digits, ".", "_" or "-", unique, not main`});
			}

			if (isMain) {
				mainSpec = mapped.spec;
				const why = entry.count === 1 ? 'the first app that runs one instance' : 'the first app (none runs one instance)';
				comments.main = [`pm2 app ${JSON.stringify(entry.name)}${options.main === undefined ? `: ${why} (choose another with --main)` : ''}`, comments.main].filter(Boolean).join('\n');
			} else {
				sidecars[key.slice('sidecars.'.length)] = mapped.spec;
			}
		}

		const config = {main: mainSpec, ...(Object.keys(sidecars).length > 0 ? {sidecars} : {})};
		return {config, report, comments};
	};
}

// The importer `sidecar import` uses: `instances: 'max'` is this host's CPU count.
export const importPm2: Importer = async (text, options) => pm2Importer(availableParallelism())(text, options);

// The apps of what the file gave: {apps: [...]}, {apps: {...}}, [...] or one app; other top-level keys reported.
function listApps(data: unknown, report: ReportLine[], cpus: number): App[] {
	let list: unknown[];
	let prefix: string;
	if (Array.isArray(data)) {
		[list, prefix] = [data, ''];
	} else if (isRecord(data) && data.apps !== undefined) {
		[list, prefix] = [Array.isArray(data.apps) ? data.apps : [data.apps], Array.isArray(data.apps) ? 'apps' : 'apps'];
		for (const name of Object.keys(data).filter(name => name !== 'apps')) {
			report.push({path: name, result: 'dropped', why: name === 'deploy' ? 'deployment (pm2 deploy) is not a supervisor\'s job: keep it in CI or a deploy tool' : 'not a key pm2 reads at the top level'});
		}
	} else if (isRecord(data) && (data.script !== undefined || data.exec !== undefined)) {
		[list, prefix] = [[data], ''];
	} else {
		throw new ImportError('no apps: an ecosystem file is {apps: [{name, script}, …]} (module.exports in a .js file)', 1, 1);
	}

	return list.flatMap((app, index) => {
		const at = Array.isArray(data) || (isRecord(data) && Array.isArray(data.apps)) ? `${prefix}[${index}]` : prefix;
		if (!isRecord(app)) {
			report.push({path: at, result: 'dropped', why: `not an app object: ${JSON.stringify(app)?.slice(0, 40)}`});
			return [];
		}

		const script = String(app.script ?? app.exec ?? 'app');
		const name = typeof app.name === 'string' && app.name !== '' ? app.name : path.basename(script, path.extname(script));
		return [{app, at, name, count: instanceCount(app.instances, cpus)}];
	});
}

// A config name for a pm2 name: other characters become '-', a leading one that is not a letter or digit goes,
// and a taken one gets -2, -3.
function uniqueName(name: string, taken: Set<string>): string {
	const base = name.replaceAll(/[^\w.-]/g, '-').replace(/^[^A-Za-z\d]+/, '').slice(0, 60) || 'app';
	let candidate = base;
	for (let n = 2; taken.has(candidate); n++) {
		candidate = `${base}-${n}`;
	}

	taken.add(candidate);
	return candidate;
}
