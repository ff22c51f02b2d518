import {importCommand} from './compose-command.js';
import {importDevelop, importHook} from './compose-develop.js';
import {COMPOSE_DROPPED} from './compose-dropped.js';
import {importEnvFile, importEnvironment} from './compose-environment.js';
import {importHealthcheck} from './compose-healthcheck.js';
import {importDeploy, importLimit, importReplicas, importRestart} from './compose-policy.js';
import {put, type Condition, type Draft} from './draft.js';
import type {ReportBuilder} from './report-builder.js';
import {isRecord, readGoDuration, readSourceSignal, shown} from './source-values.js';

// What every service's import shares: the report, the interpolation rewrite, the service names.
export type ServiceContext = {
	report: ReportBuilder;
	rewrite: (text: string, at: string) => string;
	// Every service's name, to spot one used as a host name.
	services: readonly string[];
};

const CONDITIONS: Record<string, Condition> = {
	service_started: 'started',
	service_healthy: 'ready',
	service_completed_successfully: 'succeeded',
};

// Keys read by importCommand, or read here before the loop.
const HANDLED = new Set(['command', 'entrypoint']);

// One compose service with a command of its own → a draft.
export function importService(source: string, name: string, service: Record<string, unknown>, context: ServiceContext): Draft {
	const {report, rewrite} = context;
	const at = `services.${source}`;
	const draft: Draft = {name, path: at, spec: {}, sources: {}, dependsOn: []};
	const command = importCommand(at, service, report, rewrite);
	if (command !== undefined) {
		put(draft, 'command', command, `${at}.command`);
	}

	for (const [key, value] of Object.entries(service)) {
		const path = `${at}.${key}`;
		if (HANDLED.has(key)) {
			continue;
		}

		if (key in COMPOSE_DROPPED) {
			report.dropped(path, COMPOSE_DROPPED[key]!);
		} else if (key.startsWith('x-')) {
			report.dropped(path, 'an extension field: sidecar reads none (anchors in it are resolved where they are used)');
		} else {
			importKey(draft, key, value, path, context);
		}
	}

	return draft;
}

function importKey(draft: Draft, key: string, value: unknown, path: string, context: ServiceContext): void {
	const {report, rewrite} = context;
	switch (key) {
		case 'image': {
			if (typeof value === 'string' && value !== '') {
				put(draft, 'image', value, path);
				report.approximated(path, 'image: used only by `sidecar export kubernetes|compose`; the command runs on the host');
			} else {
				report.dropped(path, `got ${shown(value)}, expected an image name`);
			}

			break;
		}

		case 'environment': {
			const origins: Record<string, string> = {};
			const env = importEnvironment(path, value, report, rewrite, context.services, draft.path.slice('services.'.length), origins);
			if (env !== undefined && Object.keys(env).length > 0) {
				put(draft, 'env', env, path);
				for (const [key, from] of Object.entries(origins)) {
					(draft.sources[`env.${key}`] ??= []).push(from);
				}
			}

			break;
		}

		case 'env_file': {
			const files = importEnvFile(path, value, report);
			if (files.length > 0) {
				put(draft, 'envFile', files.length === 1 ? files[0] : files, path);
			}

			break;
		}

		case 'working_dir': {
			if (typeof value === 'string' && value !== '') {
				put(draft, 'cwd', value, path);
				if (value.startsWith('/')) {
					report.approximated(path, 'cwd: a path inside the container in compose; check that it exists on the host');
				} else {
					report.mapped(path);
				}
			} else {
				report.dropped(path, `got ${shown(value)}, expected a directory`);
			}

			break;
		}

		case 'user': {
			importUser(draft, path, value, report);
			break;
		}

		case 'stop_signal': {
			const signal = readSourceSignal(value);
			signal === undefined ? report.dropped(path, `got ${shown(value)}, expected a signal name like SIGTERM`) : (put(draft, 'stopSignal', signal, path), report.mapped(path));
			break;
		}

		case 'stop_grace_period': {
			const duration = readGoDuration(value);
			duration === undefined ? report.dropped(path, `got ${shown(value)}, expected a duration like "10s" or "1m30s"`) : (put(draft, 'stopTimeout', duration, path), report.mapped(path));
			break;
		}

		case 'restart': {
			importRestart(draft, path, value, report);
			break;
		}

		case 'deploy': {
			importDeploy(draft, path, value, report);
			break;
		}

		case 'scale': {
			importReplicas(draft, path, value, report);
			break;
		}

		case 'mem_limit':
		case 'cpus': {
			importLimit(draft, path, key, value, report);
			break;
		}

		case 'healthcheck': {
			const readiness = importHealthcheck(path, value, report, rewrite);
			if (readiness !== undefined) {
				put(draft, 'readiness', readiness, path);
				report.mapped(path);
			}

			break;
		}

		case 'depends_on': {
			importDependsOn(draft, path, value, report);
			break;
		}

		case 'develop': {
			importDevelop(draft, path, value, report);
			break;
		}

		case 'post_start':
		case 'pre_stop': {
			importHook(draft, path, key === 'post_start' ? 'postStart' : 'preStop', value, report, rewrite);
			break;
		}

		case 'profiles': {
			const profiles = Array.isArray(value) ? value.filter(item => typeof item === 'string' && /^[A-Za-z\d][\w.-]{0,63}$/.test(item)) : [];
			profiles.length === 0 || profiles.length !== (value as unknown[]).length
				? report.dropped(path, `got ${shown(value)}, expected a list of profile names`)
				: (put(draft, 'profiles', profiles, path), report.mapped(path));
			break;
		}

		default: {
			report.dropped(path, 'not a compose service key sidecar knows');
		}
	}
}

// `user: "name"`, `"1000"`, `"1000:1000"` → user (and group); numeric ids become numbers.
function importUser(draft: Draft, path: string, value: unknown, report: ReportBuilder): void {
	const text = typeof value === 'number' ? String(value) : value;
	const match = typeof text === 'string' ? /^([^:\s]+)(?::([^:\s]+))?$/.exec(text) : null;
	if (match === null) {
		report.dropped(path, `got ${shown(value)}, expected "user" or "user:group"`);
		return;
	}

	const id = (part: string) => (/^\d+$/.test(part) ? Number(part) : part);
	put(draft, 'user', id(match[1]!), path);
	if (match[2] !== undefined) {
		put(draft, 'group', id(match[2]), path);
	}

	report.mapped(path);
}

// `depends_on`: a list of names (started), or a map of name → {condition, restart, required}.
function importDependsOn(draft: Draft, at: string, value: unknown, report: ReportBuilder): void {
	const add = (name: string, condition: Condition, path: string) => draft.dependsOn.push({name, condition, path});
	if (Array.isArray(value)) {
		for (const [index, name] of value.entries()) {
			const path = `${at}[${index}]`;
			if (typeof name === 'string') {
				add(name, 'started', path);
				report.mapped(path);
			} else {
				report.dropped(path, `got ${shown(name)}, expected a service name`);
			}
		}

		return;
	}

	if (!isRecord(value)) {
		report.dropped(at, `got ${shown(value)}, expected a list of names or a map of name → {condition}`);
		return;
	}

	for (const [name, spec] of Object.entries(value)) {
		const path = `${at}.${name}`;
		const condition = isRecord(spec) ? spec.condition ?? 'service_started' : spec === null ? 'service_started' : undefined;
		if (typeof condition !== 'string' || !(condition in CONDITIONS)) {
			report.dropped(path, `got ${shown(spec)}, expected {condition: service_started | service_healthy | service_completed_successfully}`);
			continue;
		}

		// `restart: true`: compose restarts this service when the dependency is restarted, as sidecar's onRestart does.
		const restart = isRecord(spec) && spec.restart === true;
		draft.dependsOn.push({name, condition: CONDITIONS[condition]!, path, ...(restart ? {onRestart: 'restart' as const} : {})});
		const extra = isRecord(spec) ? Object.keys(spec).filter(key => key !== 'condition' && !(key === 'required' && spec.required === true) && !(key === 'restart' && typeof spec.restart === 'boolean')) : [];
		if (extra.length > 0) {
			report.approximated(path, `condition ${CONDITIONS[condition]} (${extra.join(', ')} not carried: sidecar has no optional dependency)`);
		} else {
			report.mapped(path);
		}
	}
}
