import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import {composeHealthcheck} from './compose-healthcheck.js';
import {checkImageNames, imageFor, type ImageMap} from './image.js';
import {toDnsLabel} from './names.js';
import {formatDuration, formatMemory} from './quantities.js';
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
	'# compose has no field for (backoff, maxRestarts, critical, liveness, log files, signals).',
].join('\n');

const restarts = {always: 'always', 'on-failure': 'on-failure', never: 'no'} as const;

// The unit as a compose file: depends_on encodes start order and readiness gates.
export function exportCompose(config: ResolvedConfig, options: ComposeOptions = {}): string {
	const {images = {}} = options;
	checkImageNames(config, images);
	const healthy = new Set(
		[config.main, ...config.sidecars].filter(spec => composeHealthcheck(spec.readiness) !== undefined).map(spec => spec.name),
	);
	const condition = (name: string) => ({condition: healthy.has(name) ? 'service_healthy' : 'service_started'});
	const dependencies = (spec: ResolvedProcess): string[] =>
		spec.kind === 'main'
			? config.sidecars.filter(sidecar => sidecar.start === 'before').map(sidecar => sidecar.name)
			: [...(spec.start === 'after' ? [config.main.name] : []), ...spec.dependsOn];
	const services = Object.fromEntries([config.main, ...config.sidecars].map(spec => {
		const dependsOn = dependencies(spec);
		const dependsOnEntry = dependsOn.length > 0
			? Object.fromEntries(dependsOn.map(name => [name, condition(name)]))
			: undefined;
		return [spec.name, {...service(spec, images), depends_on: dependsOnEntry, 'x-sidecar': extras(spec)}];
	}));
	return `${header}\n${toYaml({name: toDnsLabel(config.name), services, 'x-sidecar': {signals: config.signals}})}`;
}

const service = (spec: ResolvedProcess, images: ImageMap): Record<string, YamlValue | undefined> => ({
	image: imageFor(spec, images),
	// No command: the image's entrypoint runs.
	command: spec.command.length > 0 ? spec.command : undefined,
	environment: {...spec.env, SIDECAR_NAME: spec.name},
	user: spec.user === null ? undefined : [spec.user, spec.group].filter(id => id !== null).join(':'),
	healthcheck: composeHealthcheck(spec.readiness),
	// Main mirrors the systemd unit's Restart=on-failure: the supervisor itself never restarts main.
	restart: spec.kind === 'main' ? 'on-failure' : restarts[spec.restart],
	stop_signal: spec.stopSignal,
	stop_grace_period: formatDuration(spec.stopTimeout),
	deploy: limits(spec),
});

const limits = ({limits: {cpu, memory}}: ResolvedProcess): YamlValue | undefined =>
	cpu === null && memory === null
		? undefined
		: {
			resources: {
				limits: {cpus: cpu ?? undefined, memory: memory === null ? undefined : formatMemory(memory, 'compose')},
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
	};
	return Object.values(fields).some(value => value !== undefined) ? fields : undefined;
};
