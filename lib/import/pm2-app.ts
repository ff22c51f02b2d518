import {pm2Command} from './pm2-command.js';
import {DROPPED} from './pm2-dropped.js';
import {pm2LogKeys} from './pm2-logs.js';
import {instanceCount, stringValues, toMs} from './pm2-values.js';
import {isRecord} from './source-values.js';
import type {ReportLine} from './types.js';

// Where one app sits: its path in the source (`apps[0]`), in the config (`main`, `sidecars.api`), and what applies.
// `ports`: the SIDECAR_PORT ranges earlier apps took (increment_var), shared by the apps of one file.
export type AppContext = {at: string; key: string; isMain: boolean; env?: string; cpus: number; ports: Array<[number, number, string]>};
// What one app became: its process spec, a report line per key, comments by config path.
export type MappedApp = {spec: Record<string, unknown>; report: ReportLine[]; comments: Record<string, string>};

// One pm2 app → one process spec, with a report line for each of its keys (docs/import.md, PM2).
export function mapApp(app: Record<string, unknown>, context: AppContext): MappedApp {
	const {at, key, isMain} = context;
	const report: ReportLine[] = [];
	const comments: Record<string, string> = {};
	const spec: Record<string, unknown> = {};
	const mapped = (name: string) => report.push({path: `${at}.${name}`, result: 'mapped'});
	const approximated = (name: string, how: string) => report.push({path: `${at}.${name}`, result: 'approximated', how});
	const dropped = (name: string, why: string) => report.push({path: `${at}.${name}`, result: 'dropped', why});
	const env: Record<string, string> = {};
	const watch: Record<string, unknown> = {};
	const count = instanceCount(app.instances, context.cpus);
	const autorestart = app.autorestart !== false;
	spec.command = pm2Command(app);
	const done = new Set(pm2LogKeys(app, `${at}`, key, spec, report, comments));
	spec.stopSignal = 'SIGINT';
	comments[`${key}.stopSignal`] = 'pm2 stops an app with SIGINT, then SIGKILL after kill_timeout';
	for (const [name, value] of Object.entries(app)) {
		if (done.has(name)) {
			continue;
		}

		if (['name', 'script', 'exec', 'interpreter', 'exec_interpreter', 'node_args', 'interpreter_args', 'interpreterArgs', 'args'].includes(name)) {
			mapped(name);
		} else if (name === 'cwd' && typeof value === 'string' && value !== '') {
			spec.cwd = value;
			mapped(name);
		} else if (name === 'env' && isRecord(value)) {
			Object.assign(env, stringValues(value));
			mapped(name);
		} else if (name.startsWith('env_') && isRecord(value)) {
			if (name === `env_${context.env}`) {
				mapped(name); // Applied after the loop, over `env`, as `pm2 start --env NAME` does.
			} else {
				dropped(name, `not selected: import with --env ${name.slice(4)} to apply it`);
			}
		} else if (name === 'port' && value !== undefined) {
			env.PORT = String(value);
			mapped(name);
		} else if (name === 'instances') {
			if (isMain && count !== 1) {
				approximated(name, `main runs once (replicas are for sidecars): pm2 ran ${count}; import with --main naming another app to keep them`);
			} else if (String(value).trim() === 'max' || Number(value) <= 0) {
				approximated(name, `${JSON.stringify(value)} is one per CPU in pm2: ${count}, this host's count, written as a number`);
			} else {
				mapped(name);
			}
		} else if (name === 'exec_mode') {
			if (/^cluster/.test(String(value))) {
				approximated(name, 'cluster mode shares one port among instances through Node\'s cluster module; here each instance is its own process: give each a port (increment_var, replicas.port) or listen with SO_REUSEPORT');
			} else {
				mapped(name);
			}
		} else if (name === 'instance_var' || name === 'increment_var') {
			mapped(name); // Written with the replicas below.
		} else if (name === 'max_memory_restart') {
			spec.limits = {memory: typeof value === 'number' ? value : String(value).replace(/^(\d+)([KMG])$/i, '$1$2iB'), action: 'restart'};
			mapped(name);
		} else if (name === 'autorestart') {
			if (!autorestart && !isMain && app.cron_restart === undefined && app.cron === undefined) {
				spec.restart = 'never';
			}

			mapped(name); // On main, said once for the app: main is never restarted.
		} else if (name === 'stop_exit_codes') {
			spec.successCodes = (Array.isArray(value) ? value : [value]).map(Number).filter(code => Number.isInteger(code) && code >= 0 && code <= 255);
			if (!isMain && autorestart) {
				spec.restart = 'on-failure';
			}

			approximated(name, isMain ? 'successCodes (main is never restarted)' : 'successCodes with restart: \'on-failure\': an exit 0 is not restarted either, where pm2 restarts it');
		} else if (name === 'max_restarts' || name === 'min_uptime') {
			restartBudget(app, spec, isMain);
			approximated(name, isMain ? 'main is not restarted' : 'maxRestarts counts restarts inside a window; pm2 counts exits before min_uptime: min_uptime is the window and backoff.resetAfter');
		} else if (isMain && ['restart_delay', 'exp_backoff_restart_delay'].includes(name)) {
			dropped(name, 'main is not restarted: its exit ends the unit');
		} else if (name === 'restart_delay' && toMs(value) !== undefined) {
			spec.backoff = {...(spec.backoff as object | undefined), initial: toMs(value), factor: 1, max: toMs(value)};
			mapped(name);
		} else if (name === 'exp_backoff_restart_delay' && toMs(value) !== undefined) {
			spec.backoff = {resetAfter: 30_000, ...(spec.backoff as object | undefined), initial: toMs(value), factor: 1.5, max: 15_000};
			comments[`${key}.backoff`] = 'pm2\'s exponential backoff: ×1.5 per restart, at most 15s, reset after 30s up';
			mapped(name);
		} else if (name === 'kill_timeout' && toMs(value) !== undefined) {
			spec.stopTimeout = toMs(value);
			mapped(name);
		} else if (name === 'wait_ready') {
			if (value === true) {
				comments[key] = 'pm2 waited for process.send(\'ready\'): sidecar has no IPC channel; write a line to fd 3 and set readiness: {notify: true}, or add a tcp or http readiness probe';
				approximated(name, 'ready once alive for 1s; pm2 waited for process.send(\'ready\'): add a readiness probe (see the comment)');
			} else {
				mapped(name);
			}
		} else if ((name === 'cron_restart' || name === 'cron') && typeof value === 'string' && value !== '' && value !== '0') {
			spec.schedule = {cron: value, ...(autorestart || isMain ? {} : {runOnStart: true})};
			if (!autorestart && !isMain) {
				spec.run = 'once';
				spec.start = 'after';
			}

			mapped(name);
		} else if (name === 'watch' || name === 'ignore_watch' || name === 'watch_delay') {
			watchKey(name, value, watch, report, at);
		} else if ((name === 'uid' || name === 'user' || name === 'gid') && (typeof value === 'string' || typeof value === 'number')) {
			spec[name === 'gid' ? 'group' : 'user'] = value;
			mapped(name);
		} else if (name === 'treekill') {
			if (value === false) {
				approximated(name, 'sidecar stops the whole process tree');
			} else {
				mapped(name);
			}
		} else {
			dropped(name, DROPPED[name] ?? `not a pm2 key sidecar knows (${JSON.stringify(value)?.slice(0, 40)})`);
		}
	}

	const selected = context.env === undefined ? undefined : app[`env_${context.env}`];
	Object.assign(env, isRecord(selected) ? stringValues(selected) : {});
	if (count !== 1 && !isMain) {
		spec.replicas = replicas(app, count, env, context, report, comments);
		const logs = spec.logs as {file: string} | undefined;
		if (logs !== undefined) {
			// pm2 also writes a file per instance (NAME-ID.log) unless merge_logs; sidecar requires it.
			logs.file = logs.file.replace(/(\.[^./]*)?$/, extension => `-\${SIDECAR_REPLICA}${extension}`);
		}
	}

	if (Object.keys(env).length > 0) {
		spec.env = env;
	}

	if (watch.paths !== undefined) {
		spec.watch = watch;
	} else if (watch.ignore !== undefined || watch.debounce !== undefined) {
		comments[key] = [comments[key], 'pm2\'s ignore_watch and watch_delay apply only with watch, which is off'].filter(Boolean).join('\n');
	}

	if (isMain) {
		report.push({path: at, result: 'approximated', how: 'main: its exit ends the unit, where pm2 restarts it (have systemd or Kubernetes restart the unit)'});
	}

	const order = Object.keys(app);
	const rank = (line: ReportLine) => (line.path === at ? -1 : order.indexOf(line.path.slice(at.length + 1)));
	report.sort((a, b) => rank(a) - rank(b)); // In the app's own key order.
	return {spec, report, comments};
}

// Replicas, with pm2's per-instance variables: instance_var (NODE_APP_INSTANCE) and increment_var (PORT, +1 each).
function replicas(app: Record<string, unknown>, count: number, env: Record<string, string>, {key, at, ports}: AppContext, report: ReportLine[], comments: Record<string, string>): unknown {
	const instanceVar = typeof app.instance_var === 'string' && app.instance_var !== '' ? app.instance_var : 'NODE_APP_INSTANCE';
	env[instanceVar] = '${SIDECAR_REPLICA}';
	comments[`${key}.env.${instanceVar}`] = 'pm2 numbers its instances from 0 in this variable';
	const increment = typeof app.increment_var === 'string' ? app.increment_var : undefined;
	const base = increment === undefined ? Number.NaN : Number(env[increment]);
	if (increment === undefined || !Number.isInteger(base) || base < 1 || base > 65_535) {
		return count;
	}

	const clash = ports.find(([low, high]) => base <= high && base + count - 1 >= low);
	if (clash !== undefined) {
		const index = report.findIndex(line => line.path === `${at}.increment_var`);
		report[index] = {path: `${at}.increment_var`, result: 'dropped', why: `ports ${base}-${base + count - 1} are ${clash[2]}'s too (pm2 would start both on them): set replicas.port to a free base`};
		return count;
	}

	ports.push([base, base + count - 1, key.replace(/^sidecars\./, '')]);
	env[increment] = '${SIDECAR_PORT}';
	comments[`${key}.env.${increment}`] = `increment_var: ${base} for the first instance, +1 for each next one`;
	return {count, port: {base, step: 1}};
}

// pm2 gives up after max_restarts (16) exits each sooner than min_uptime (1s) after its start.
function restartBudget(app: Record<string, unknown>, spec: Record<string, unknown>, isMain: boolean): void {
	if (isMain) {
		return;
	}

	const count = Number(app.max_restarts ?? 16);
	const window = toMs(app.min_uptime ?? 1000) ?? 1000;
	spec.maxRestarts = {count: Number.isInteger(count) && count >= 0 ? count : 16, window: window * Math.max(1, count)};
	spec.backoff = {...(spec.backoff as object | undefined), resetAfter: window};
}

// watch, ignore_watch, watch_delay → one watch, written once all three are read.
function watchKey(name: string, value: unknown, watch: Record<string, unknown>, report: ReportLine[], at: string): void {
	if (name === 'watch') {
		if (value !== false) {
			watch.paths = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : ['.'];
			watch.when = 'always'; // pm2 watches wherever it runs, not only in development.
		}
	} else if (name === 'ignore_watch') {
		watch.ignore = (Array.isArray(value) ? value : [value]).map(String);
	} else if (toMs(value) !== undefined) {
		watch.debounce = toMs(value);
	}

	report.push(name === 'ignore_watch'
		? {path: `${at}.${name}`, result: 'approximated', how: 'pm2 reads each entry as a regular expression; sidecar as a path pattern'}
		: {path: `${at}.${name}`, result: 'mapped'});
}
