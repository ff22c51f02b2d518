import {startsWithUnit} from '../config/profiles.js';
import type {ResolvedConfig, ResolvedDependency, ResolvedProcess} from '../config/types.js';
import {describeProbe} from '../readiness/describe.js';
import {composeDependsOn} from './compose-depends-on.js';
import {composeProcesses, mapEdges} from './compose-replicas.js';
import {composeHealthcheck} from './compose-healthcheck.js';
import {composeDevelop, composeWatchNotes, isCarriedToCompose} from './compose-watch.js';
import {mainEdges} from './dependency-edges.js';
import {checkImageNames, checkImages, imageFor, type ImageMap} from './image.js';
import {escapeCompose} from './interpolation.js';
import {toDnsLabel} from './names.js';
import {composeDuration, quantityMemory} from './quantities.js';
import {replicaEnv} from './replicas.js';
import {socketNotes, socketPorts} from './socket-ports.js';
import {toYaml, type YamlValue} from './yaml.js';

// What `sidecar export compose` passes besides the config.
export type ComposeOptions = {
	// `--image NAME=IMAGE`: supplies or overrides a process's image (main is "main").
	images?: ImageMap;
};

const header = [
	'# Written by `sidecar export compose`: export it again after changing the config.',
	'# One service per process; main is the service "main". Each service has its own network namespace,',
	'# so addresses like 127.0.0.1 between processes must become service names. x-sidecar holds what',
	'# compose has no field for (backoff, maxRestarts, critical, liveness, log files, signals, exit-code rules).',
	'# dependsOn conditions map to depends_on: started → service_started, ready → service_healthy (service_started',
	'# without a healthcheck form; a task: service_completed_successfully), succeeded → service_completed_successfully;',
	'# onRestart \'restart\' → restart: true. Tasks (run: \'once\') are services their dependents wait for; tasks run',
	'# at shutdown and gates (entries with only a probe) have no compose form and are listed in x-sidecar.',
	'# Profiles are compose profiles; enabled: false is the profile "disabled" (start it by name: docker compose up NAME).',
	'# A replicated sidecar whose instances differ in nothing (no port, no ${SIDECAR_*}) is one service with',
	'# deploy.replicas; any other is one service per instance (NAME-0, …) with SIDECAR_REPLICA, SIDECAR_REPLICAS and',
	'# SIDECAR_PORT in its environment. A dependsOn naming the group waits for that service, or for every instance.',
	'# A watch that restarts is develop.watch (action: restart) on its service; other watches are in x-sidecar.',
].join('\n');

const isService = (spec: ResolvedProcess): boolean => spec.run !== 'gate' && spec.start !== 'shutdown';

const restarts = {always: 'always', 'on-failure': 'on-failure', never: 'no'} as const;

// The unit as a compose file: depends_on encodes start order and readiness gates; every `$` is doubled, as compose
// would otherwise interpolate it.
export function exportCompose(config: ResolvedConfig, options: ComposeOptions = {}): string {
	const {images = {}} = options;
	checkImageNames(config, images);
	const {processes, serviceOf, notCarried} = composeProcesses(config);
	const written = processes.filter(({spec}) => isService(spec));
	checkImages(written.map(({spec}) => spec), images);
	const names = (keep: (spec: ResolvedProcess) => boolean) => new Set(processes.filter(({spec}) => keep(spec)).map(({spec}) => spec.name));
	const targets = {
		healthy: names(spec => composeHealthcheck(spec.readiness) !== undefined),
		tasks: names(spec => spec.run === 'once'),
		optional: names(spec => spec.kind === 'sidecar' && !startsWithUnit(spec, [])),
	};
	const serviceNames = names(spec => isService(spec));
	const afterMain: ResolvedDependency = {name: config.main.name, condition: 'ready', onRestart: 'none'};
	const dependencies = (spec: ResolvedProcess): ResolvedDependency[] =>
		mapEdges(spec.kind === 'main' ? mainEdges(config) : [...(spec.start === 'after' ? [afterMain] : []), ...spec.dependsOn], serviceOf)
			.filter(({name}) => serviceNames.has(name) && name !== spec.name);
	const services = Object.fromEntries(written.map(({spec, replicas}) => {
		const {entry, notCarried: lost} = composeDependsOn(spec.name, dependencies(spec), targets);
		notCarried.push(...lost);
		const own = service(spec, images);
		const deploy = replicas === undefined ? own.deploy : {replicas, ...(own.deploy as Record<string, YamlValue> | undefined)};
		const ports = socketPorts(config, spec).map(({host, port}) => `${publishedHost(host)}${port}:${port}`);
		return [spec.name, {...own, ports: ports.length === 0 ? undefined : ports, environment: {...(own.environment as Record<string, string>), ...replicaEnv(spec, config)}, deploy, depends_on: entry, develop: composeDevelop(spec.watch, config.directory), 'x-sidecar': extras(spec)}];
	}));
	const replicated = config.groups.length === 0 ? {} : {replicas: Object.fromEntries(config.groups.map(({name, count, port, minReady, stagger}) => [name, {count, port, minReady, stagger}]))};
	const file = {name: toDnsLabel(config.name), services, 'x-sidecar': {signals: config.signals, ...replicated, ...notExported(config)}};
	const lost = [...notCarried, ...scheduleNotes(config), ...composeWatchNotes(config), ...socketNotes(config)].map(line => `# Not carried over: ${line}.`);
	return `${[header, ...lost].join('\n')}\n${toYaml(escapeCompose(file))}`;
}

// A socket's host as the host side of `ports`: every interface for 0.0.0.0 and ::, an IPv6 address in brackets.
const publishedHost = (host: string): string => host === '0.0.0.0' || host === '::' ? '' : `${host.includes(':') ? `[${host}]` : host}:`;

const service = (spec: ResolvedProcess, images: ImageMap): Record<string, YamlValue | undefined> => ({
	image: imageFor(spec, images),
	// No command: the image's entrypoint runs.
	command: spec.command.length > 0 ? spec.command : undefined,
	// Env files by path (compose reads them as the supervisor does); an optional one may be missing.
	env_file: spec.envFiles.length > 0 ? spec.envFiles.map(file => (file.optional ? {path: file.path, required: false} : file.path)) : undefined,
	environment: {...spec.env, SIDECAR_NAME: spec.name},
	user: spec.user === null ? undefined : [spec.user, spec.group].filter(id => id !== null).join(':'),
	healthcheck: composeHealthcheck(spec.readiness),
	// Main mirrors the systemd unit's Restart=on-failure: the supervisor itself never restarts main.
	restart: spec.kind === 'main' ? 'on-failure' : restarts[spec.restart],
	stop_signal: spec.stopSignal,
	stop_grace_period: composeDuration(spec.stopTimeout),
	deploy: limits(spec),
	// Compose's own profiles; `enabled: false` becomes the profile "disabled": started only when named
	// (`docker compose up NAME`, as `sidecar start NAME`) or with `--profile disabled`.
	profiles: spec.profiles.length > 0 && spec.enabled ? spec.profiles : spec.enabled ? undefined : ['disabled'],
});

const limits = ({limits: {cpu, memory}}: ResolvedProcess): YamlValue | undefined =>
	cpu === null && memory === null
		? undefined
		: {
			resources: {
				limits: {cpus: cpu ?? undefined, memory: memory === null ? undefined : quantityMemory(memory, 'compose')},
			},
		};

const extras = (spec: ResolvedProcess): YamlValue | undefined => {
	const fields: Record<string, YamlValue | undefined> = {
		backoff: spec.kind === 'sidecar' ? spec.backoff : undefined,
		maxRestarts: spec.kind === 'sidecar' ? spec.maxRestarts : undefined,
		critical: spec.kind === 'sidecar' ? spec.critical : undefined,
		readiness: spec.readiness?.probe.kind === 'log' ? {log: spec.readiness.probe.pattern} : undefined,
		liveness: spec.liveness ?? undefined,
		logs: spec.logs.file === null ? undefined : spec.logs,
		limitsAction: spec.limits.memory === null ? undefined : spec.limits.action,
		timeout: spec.timeout ?? undefined,
		schedule: spec.schedule ?? undefined,
		// A watch develop.watch cannot carry (a signal, or a step before the action): kept whole.
		watch: spec.watch === null || isCarriedToCompose(spec.watch) ? undefined : spec.watch,
		enabled: spec.enabled ? undefined : false,
		successCodes: spec.successCodes.length > 0 ? spec.successCodes : undefined,
		neverRestartOn: spec.neverRestartOn.length > 0 ? spec.neverRestartOn : undefined,
	};
	return Object.values(fields).some(value => value !== undefined) ? fields : undefined;
};

// What compose cannot run: tasks at shutdown (no service runs between two others' stops) and gates (compose declined
// wait-only services: docker/compose#5307).
function notExported(config: ResolvedConfig): Record<string, YamlValue> {
	const shutdownTasks = config.sidecars.filter(spec => spec.run === 'once' && spec.start === 'shutdown');
	const gates = config.sidecars.filter(spec => spec.run === 'gate' && spec.readiness !== null);
	return {
		...(shutdownTasks.length > 0 ? {shutdownTasks: Object.fromEntries(shutdownTasks.map(spec => [spec.name, {command: spec.command, timeout: spec.timeout}]))} : {}),
		...(gates.length > 0 ? {gates: Object.fromEntries(gates.map(spec => [spec.name, describeProbe(spec.readiness!.probe)]))} : {}),
	};
}

// Compose has no clock: a schedule is said, never dropped silently. A scheduled task's service runs once at `up` (as
// with runOnStart), a long-running one is never restarted on schedule.
function scheduleNotes(config: ResolvedConfig): string[] {
	return [config.main, ...config.sidecars].filter(spec => spec.schedule !== null).map(spec => {
		const {cron, every, timezone} = spec.schedule!;
		const when = cron === null ? `every ${every! / 1000} s` : `cron ${JSON.stringify(cron)} in ${timezone}`;
		return spec.run === 'once'
			? `${spec.name}'s schedule (${when}): compose has no schedules; its service runs once at \`up\` (run it on schedule with a host timer: \`docker compose run --rm ${spec.name}\`)`
			: `${spec.name}'s schedule (${when}): compose has no schedules; it is not restarted on schedule (\`docker compose restart ${spec.name}\` from a host timer)`;
	});
}
