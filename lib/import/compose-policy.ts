import {put, type Draft} from './draft.js';
import type {ReportBuilder} from './report-builder.js';
import {isRecord, readCount, readCpus, readGoDuration, readSourceSize, shown} from './source-values.js';

// `restart`: no → never, always and unless-stopped → always (a process stopped by `sidecar stop` stays stopped),
// on-failure[:N] → on-failure with N restarts in sidecar's window.
export function importRestart(draft: Draft, at: string, value: unknown, report: ReportBuilder): void {
	const match = typeof value === 'string' ? /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(value) : null;
	if (match === null || (match[2] !== undefined && match[1] !== 'on-failure')) {
		report.dropped(at, `got ${shown(value)}, expected no, always, unless-stopped, on-failure or on-failure:N`);
		return;
	}

	const [, policy, count] = match;
	put(draft, 'restart', {no: 'never', always: 'always', 'unless-stopped': 'always', 'on-failure': 'on-failure'}[policy!], at);
	if (count === undefined) {
		report.mapped(at);
		return;
	}

	put(draft, 'maxRestarts', {count: Number(count)}, at);
	report.approximated(at, `restart: 'on-failure', maxRestarts.count ${count} within sidecar's window (default 60s; compose counts every restart)`);
}

// `deploy` (swarm and compose): replicas, resources.limits, restart_policy; the rest has no meaning for processes.
export function importDeploy(draft: Draft, at: string, value: unknown, report: ReportBuilder): void {
	if (!isRecord(value)) {
		report.dropped(at, `got ${shown(value)}, expected a mapping`);
		return;
	}

	for (const [key, item] of Object.entries(value)) {
		const path = `${at}.${key}`;
		if (key === 'replicas') {
			importReplicas(draft, path, item, report);
		} else if (key === 'resources' && isRecord(item)) {
			for (const [kind, limits] of Object.entries(item)) {
				if (kind === 'limits' && isRecord(limits)) {
					for (const [limit, amount] of Object.entries(limits)) {
						importLimit(draft, `${path}.limits.${limit}`, limit === 'memory' ? 'mem_limit' : limit, amount, report);
					}
				} else {
					report.dropped(`${path}.${kind}`, kind === 'reservations' ? 'sidecar caps resources (limits), it reserves none' : 'not a resources key sidecar knows');
				}
			}
		} else if (key === 'restart_policy' && isRecord(item)) {
			importRestartPolicy(draft, path, item, report);
		} else {
			report.dropped(path, key === 'placement' || key === 'mode' || key === 'endpoint_mode' ? 'one host: nothing to place' : 'no rolling updates or swarm settings: processes run on this host');
		}
	}
}

// `deploy.replicas` and `scale` → replicas (instances NAME-0 … NAME-(N-1)).
export function importReplicas(draft: Draft, at: string, value: unknown, report: ReportBuilder): void {
	const count = readCount(value);
	if (count === undefined) {
		report.dropped(at, `got ${shown(value)}, expected a whole number`);
		return;
	}

	put(draft, 'replicas', count, at);
	report.approximated(at, 'replicas: instances NAME-0 … NAME-(N-1) on one host; give each its own port with replicas.port or ${SIDECAR_PORT}');
}

// `mem_limit`, `cpus` and deploy.resources.limits.{memory,cpus} → limits.memory / limits.cpu.
export function importLimit(draft: Draft, at: string, key: string, value: unknown, report: ReportBuilder): void {
	const limits = (draft.spec.limits ?? {}) as Record<string, unknown>;
	if (key === 'mem_limit') {
		const size = readSourceSize(value);
		if (size === undefined) {
			report.dropped(at, `got ${shown(value)}, expected a size like "256m" or "1g"`);
			return;
		}

		limits.memory = size;
	} else if (key === 'cpus') {
		const cpus = readCpus(value);
		if (cpus === undefined) {
			report.dropped(at, `got ${shown(value)}, expected a number of cores of at least 0.01`);
			return;
		}

		limits.cpu = cpus;
	} else {
		report.dropped(at, 'sidecar caps memory and CPU only');
		return;
	}

	put(draft, 'limits', limits, at);
	report.approximated(at, key === 'cpus' ? 'limits.cpu over the whole process tree (cgroups when writable, else polling)' : 'limits.memory over the whole process tree (cgroups when writable, else polling, which restarts the process when over)');
}

function importRestartPolicy(draft: Draft, at: string, policy: Record<string, unknown>, report: ReportBuilder): void {
	const conditions: Record<string, string> = {none: 'never', 'on-failure': 'on-failure', any: 'always'};
	for (const [key, item] of Object.entries(policy)) {
		const path = `${at}.${key}`;
		if (key === 'condition' && typeof item === 'string' && item in conditions) {
			put(draft, 'restart', conditions[item], path);
			report.mapped(path);
		} else if (key === 'max_attempts' && readCount(item) !== undefined) {
			put(draft, 'maxRestarts', {...draft.spec.maxRestarts as object, count: item}, path);
			report.approximated(path, 'maxRestarts.count: within window (default 60s) rather than in all');
		} else if (key === 'window' && readGoDuration(item) !== undefined) {
			put(draft, 'maxRestarts', {...draft.spec.maxRestarts as object, window: readGoDuration(item)}, path);
			report.approximated(path, 'maxRestarts.window: the sliding window restarts are counted in');
		} else if (key === 'delay' && readGoDuration(item) !== undefined) {
			put(draft, 'backoff', {initial: readGoDuration(item), max: readGoDuration(item), factor: 1}, path);
			report.mapped(path);
		} else {
			report.dropped(path, `got ${shown(item)}, expected condition none|on-failure|any, delay, max_attempts or window`);
		}
	}
}
