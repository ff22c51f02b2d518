import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import {checkImageNames, imageFor, type ImageMap} from './image.js';
import {numericId, unitAnnotations} from './kubernetes-annotations.js';
import {lifecycle, livenessProbe, readinessProbes} from './kubernetes-probes.js';
import {checkContainerName, toDnsLabel} from './names.js';
import {formatCpu, formatMemory} from './quantities.js';
import {orderSidecars} from './sidecar-order.js';
import {stopBudgetSeconds} from './timeouts.js';
import {toYaml, type YamlValue} from './yaml.js';

// What `sidecar export kubernetes` passes besides the config.
export type KubernetesOptions = {
	// 'deployment' (default, one replica) or a bare 'pod'.
	kind?: 'deployment' | 'pod';
	// `--image NAME=IMAGE`: supplies or overrides a process's image (main is "main").
	images?: ImageMap;
	// Sidecar names in start order (lib/supervisor/start-order.ts); default: topological over dependsOn.
	order?: readonly string[];
};

const header = [
	'# Written by `sidecar export kubernetes`: export it again after changing the config.',
	'# Sidecars run as native sidecars (init containers with restartPolicy: Always), in start order.',
	'# Kubernetes has no "start after main": start: \'after\' sidecars come last among them, before main,',
	'# and carry a sidecar.io/<name>.start: after annotation. Other sidecar.io/ annotations hold what has',
	'# no Kubernetes form (restart policy, backoff, maxRestarts, critical, log files, signals).',
].join('\n');

// The unit as a Deployment (or Pod) manifest: main as the container, sidecars as native sidecars.
export function exportKubernetes(config: ResolvedConfig, options: KubernetesOptions = {}): string {
	const {kind = 'deployment', images = {}} = options;
	checkImageNames(config, images);
	const sidecars = orderSidecars(config.sidecars, options.order);
	const name = toDnsLabel(config.name);
	const labels = {'app.kubernetes.io/name': name, 'app.kubernetes.io/managed-by': 'sidecar'};
	const podMetadata = {labels, annotations: unitAnnotations(config, sidecars)};
	const podSpec = {
		// Kubernetes stops main, then each sidecar in reverse order, all inside this one grace period.
		terminationGracePeriodSeconds: stopBudgetSeconds(config),
		initContainers: sidecars.length > 0 ? sidecars.map(sidecar => container(sidecar, images)) : undefined,
		containers: [container(config.main, images)],
	};
	const manifest: YamlValue = kind === 'pod'
		? {apiVersion: 'v1', kind: 'Pod', metadata: {name, ...podMetadata}, spec: podSpec}
		: {
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: {name, labels},
			spec: {replicas: 1, selector: {matchLabels: {'app.kubernetes.io/name': name}}, template: {metadata: podMetadata, spec: podSpec}},
		};
	return `${header}\n${toYaml(manifest)}`;
}

const container = (spec: ResolvedProcess, images: ImageMap): YamlValue => ({
	name: checkContainerName(spec),
	image: imageFor(spec, images),
	// Native sidecar: an init container that keeps running next to main.
	restartPolicy: spec.kind === 'sidecar' ? 'Always' : undefined,
	// No command: the image's entrypoint runs.
	command: spec.command.length > 0 ? spec.command : undefined,
	env: Object.entries({...spec.env, SIDECAR_NAME: spec.name}).map(([key, value]) => ({name: key, value})),
	resources: resources(spec),
	...readinessProbes(spec.readiness),
	...livenessProbe(spec.liveness),
	...lifecycle(spec),
	securityContext: securityContext(spec),
});

const resources = ({limits: {cpu, memory}}: ResolvedProcess): YamlValue | undefined =>
	cpu === null && memory === null
		? undefined
		: {
			limits: {
				cpu: cpu === null ? undefined : formatCpu(cpu),
				memory: memory === null ? undefined : formatMemory(memory, 'kubernetes'),
			},
		};

const securityContext = ({user, group}: ResolvedProcess): YamlValue | undefined => {
	const runAsUser = numericId(user);
	const runAsGroup = numericId(group);
	return runAsUser === undefined && runAsGroup === undefined ? undefined : {runAsUser, runAsGroup};
};
