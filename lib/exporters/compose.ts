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
		[config.main, ...config.sidecars].filter(process => composeHealthcheck(process.readiness) !== undefined).map(process => process.name),
	);
	const condition = (name: string) => ({condition: healthy.has(name) ? 'service_healthy' : 'service_started'});
	const dependencies = (process: ResolvedProcess): string[] =>
		process.kind === 'main'
			? config.sidecars.filter(sidecar => sidecar.start === 'before').map(sidecar => sidecar.name)
			: [...(process.start === 'after' ? [config.main.name] : []), ...process.dependsOn];
	const services = Object.fromEntries([config.main, ...config.sidecars].map(process => {
		const dependsOn = dependencies(process);
		const dependsOnEntry = dependsOn.length > 0
			? Object.fromEntries(dependsOn.map(name => [name, condition(name)]))
			: undefined;
		return [process.name, {...service(process, images), depends_on: dependsOnEntry, 'x-sidecar': extras(process)}];
	}));
	return `${header}\n${toYaml({name: toDnsLabel(config.name), services, 'x-sidecar': {signals: config.signals}})}`;
}

const service = (process: ResolvedProcess, images: ImageMap): Record<string, YamlValue | undefined> => ({
	image: imageFor(process, images),
	// No command: the image's entrypoint runs.
	command: process.command.length > 0 ? process.command : undefined,
	environment: {...process.env, SIDECAR_NAME: process.name},
	user: process.user === null ? undefined : [process.user, process.group].filter(id => id !== null).join(':'),
	healthcheck: composeHealthcheck(process.readiness),
	// Main mirrors the systemd unit's Restart=on-failure: the supervisor itself never restarts main.
	restart: process.kind === 'main' ? 'on-failure' : restarts[process.restart],
	stop_signal: process.stopSignal,
	stop_grace_period: formatDuration(process.stopTimeout),
	deploy: limits(process),
});

const limits = ({limits: {cpu, memory}}: ResolvedProcess): YamlValue | undefined =>
	cpu === null && memory === null
		? undefined
		: {
			resources: {
				limits: {cpus: cpu ?? undefined, memory: memory === null ? undefined : formatMemory(memory, 'compose')},
			},
		};

const extras = (process: ResolvedProcess): YamlValue | undefined => {
	const fields: Record<string, YamlValue | undefined> = {
		backoff: process.kind === 'sidecar' ? process.backoff : undefined,
		maxRestarts: process.kind === 'sidecar' ? process.maxRestarts : undefined,
		critical: process.kind === 'sidecar' ? process.critical : undefined,
		readiness: process.readiness?.probe.kind === 'log' ? {log: process.readiness.probe.pattern} : undefined,
		liveness: process.liveness ?? undefined,
		logs: process.logs.file === null ? undefined : process.logs,
		limitsAction: process.limits.memory === null ? undefined : process.limits.action,
	};
	return Object.values(fields).some(value => value !== undefined) ? fields : undefined;
};
