import path from 'node:path';
import {startsWithUnit} from '../config/profiles.js';
import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import {checkImageNames, checkImages, imageFor, type ImageMap} from './image.js';
import {escapeKubernetes} from './interpolation.js';
import {numericId, unitAnnotations, WATCH_NOT_CARRIED} from './kubernetes-annotations.js';
import {cronJobs} from './kubernetes-cronjobs.js';
import {lifecycle, livenessProbe, readinessProbes} from './kubernetes-probes.js';
import {checkContainerName, toDnsLabel} from './names.js';
import {k8sCpu, quantityMemory} from './quantities.js';
import {describeGroup, replicaEnv} from './replicas.js';
import {orderSidecars} from './sidecar-order.js';
import {socketNotes, socketPorts} from './socket-ports.js';
import {stopBudgetSeconds} from './timeouts.js';
import {describeWatch, exportedWatches} from './watches.js';
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
	'# and carry an x-sidecar/<name>.start: after annotation. Other x-sidecar/ annotations hold what has',
	'# no Kubernetes form (restart policy, backoff, maxRestarts, critical, log files, signals).',
	'# Tasks with start: \'before\' are plain init containers (no restartPolicy): each runs to completion before the',
	'# next starts. Tasks that run after main is ready or at shutdown, gates (entries with only a probe) and entries',
	'# not started with the unit (enabled: false, profiles) have no container form: an x-sidecar/<name>.not-exported',
	'# annotation says what each is. A name too long for an annotation key is shortened in its keys (its start and a',
	'# hash), and x-sidecar/<short>.name gives it whole.',
	'# Each container starts once the one before it has started: main waits for every one of them, and dependsOn',
	'# conditions other than ready and onRestart are not carried; x-sidecar/<name>.depends-on lists them.',
].join('\n');

const cronJobHeader = [
	'# Scheduled tasks follow the unit as CronJobs (after `---`): schedule and timeZone from cron, concurrencyPolicy from',
	'# overlap (skip, queue → Forbid; replace → Replace; allow → Allow), startingDeadlineSeconds from catchUp. A task with',
	'# runOnStart: \'gate\' is also an init container of the unit. Each Job\'s Pod is its own: it does not share the unit\'s',
	'# network or files.',
	'',
].join('\n');

// The containers a sidecar entry becomes: long-running sidecars and 'before' tasks the unit starts (a Pod has no
// container that is declared but not started: enabled: false, or profiles, are annotated instead).
// A scheduled task is a CronJob instead (kubernetes-cronjobs.ts), and an init container too only with runOnStart: 'gate'.
const isExported = (spec: ResolvedProcess): boolean =>
	startsWithUnit(spec, []) && (spec.run === 'always' || (spec.run === 'once' && spec.start === 'before' && (spec.schedule === null || spec.schedule.runOnStart === 'gate')));

// The unit as a Deployment (or Pod) manifest: main as the container, sidecars as native sidecars.
export function exportKubernetes(config: ResolvedConfig, options: KubernetesOptions = {}): string {
	const {kind = 'deployment', images = {}} = options;
	checkImageNames(config, images);
	const sidecars = orderSidecars(config.sidecars, options.order);
	const exported = sidecars.filter(spec => isExported(spec));
	// A scheduled task's CronJob needs an image too.
	checkImages([config.main, ...exported, ...sidecars.filter(spec => spec.schedule !== null && spec.run === 'once' && !exported.includes(spec))], images);
	const name = toDnsLabel(config.name);
	const labels = {'app.kubernetes.io/name': name, 'app.kubernetes.io/managed-by': 'sidecar'};
	const podMetadata = {labels, annotations: unitAnnotations(config, sidecars)};
	const podSpec = {
		// Kubernetes stops main, then each sidecar in reverse order, all inside this one grace period.
		terminationGracePeriodSeconds: stopBudgetSeconds(config),
		initContainers: exported.length > 0 ? exported.map(sidecar => container(sidecar, images, config)) : undefined,
		containers: [container(config.main, images, config)],
	};
	const manifest: YamlValue = kind === 'pod'
		? {apiVersion: 'v1', kind: 'Pod', metadata: {name, ...podMetadata}, spec: podSpec}
		: {
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: {name, labels},
			spec: {replicas: 1, selector: {matchLabels: {'app.kubernetes.io/name': name}}, template: {metadata: podMetadata, spec: podSpec}},
		};
	const {jobs, notes} = cronJobs(config, spec => container(spec, images, config));
	const scheduled = [...notes, ...watchNotes(config), ...socketNotes(config)].map(note => `# Not carried over: ${note}.\n`).join('') + (jobs.length > 0 ? cronJobHeader : '');
	return `${header}\n${replicaNotes(config)}${configMapNotes(config)}${scheduled}${[manifest, ...jobs].map(document => toYaml(document)).join('---\n')}`;
}

// Watches: the paths are the host's, and a mounted ConfigMap reaches its files late (the kubelet's sync) and acts on nothing.
const watchNotes = (config: ResolvedConfig): string[] => exportedWatches(config).map(entry =>
	`${describeWatch(entry)}: ${WATCH_NOT_CARRIED}; x-sidecar/<process>.watch records it`);

// Replicated sidecars: what each instance gets, and what of the group has no Pod form.
function replicaNotes(config: ResolvedConfig): string {
	if (config.groups.length === 0) {
		return '';
	}

	const portless = config.groups.filter(group => group.port === null && group.count > 1).map(group => group.name);
	return [
		'# Replicated sidecars: one container per instance (NAME-0, NAME-1, …) with SIDECAR_REPLICA, SIDECAR_REPLICAS and',
		'# SIDECAR_PORT in its env and its port as a containerPort. Not carried: the count is fixed (no `sidecar scale`;',
		'# the Deployment\'s replicas copy the whole Pod), minReady and stagger (each container starts once the one',
		'# before it has started); x-sidecar/<group>.replicas records them.',
		...(portless.length > 0 ? [`# The instances of ${portless.join(', ')} have no port: all share the Pod's network, so they must not listen on a fixed one.`] : []),
		...config.groups.map(group => `# ${describeGroup(group)}`),
		'',
	].join('\n');
}

// Env files hold values (often secrets) an export must not copy: each becomes a ConfigMap reference, and the header
// says how to create it.
const configMapName = (unit: string, file: string): string => toDnsLabel(`${unit}-${path.basename(file)}`);

function configMapNotes(config: ResolvedConfig): string {
	const files = new Map([config.main, ...config.sidecars].flatMap(spec => spec.envFiles).map(file => [file.path, file]));
	return [...files.values()].map(file =>
		`# envFile ${file.path}: kubectl create configmap ${configMapName(config.name, file.path)} --from-env-file=${file.path} (or a Secret, with secretRef)\n`).join('');
}

const container = (spec: ResolvedProcess, images: ImageMap, config: ResolvedConfig): YamlValue => ({
	name: checkContainerName(spec),
	image: imageFor(spec, images),
	// Native sidecar: an init container that keeps running next to main; a task is a plain init container.
	restartPolicy: spec.kind === 'sidecar' && spec.run === 'always' ? 'Always' : undefined,
	// No command: the image's entrypoint runs. `$$`: Kubernetes expands `$(VAR)` in the command and in env values.
	command: spec.command.length > 0 ? spec.command.map(part => escapeKubernetes(part)) : undefined,
	envFrom: spec.envFiles.length > 0 ? spec.envFiles.map(file => ({configMapRef: {name: configMapName(config.name, file.path), optional: file.optional || undefined}})) : undefined,
	env: Object.entries({...spec.env, SIDECAR_NAME: spec.name, ...replicaEnv(spec, config)}).map(([key, value]) => ({name: key, value: escapeKubernetes(value)})),
	// An instance's SIDECAR_PORT, as the supervisor gives it, and its TCP sockets' ports: declared, so a Service can select them.
	ports: containerPorts(spec, config),
	resources: resources(spec),
	...readinessProbes(spec.readiness),
	...livenessProbe(spec.liveness),
	...lifecycle(spec),
	securityContext: securityContext(spec),
});

function containerPorts(spec: ResolvedProcess, config: ResolvedConfig): YamlValue | undefined {
	const ports = [...(spec.replica === null || spec.replica.port === null ? [] : [spec.replica.port]), ...socketPorts(config, spec).map(({port}) => port)];
	return ports.length === 0 ? undefined : ports.map(port => ({containerPort: port, protocol: 'TCP'}));
}

const resources = ({limits: {cpu, memory}}: ResolvedProcess): YamlValue | undefined =>
	cpu === null && memory === null
		? undefined
		: {
			limits: {
				cpu: cpu === null ? undefined : k8sCpu(cpu),
				memory: memory === null ? undefined : quantityMemory(memory, 'kubernetes'),
			},
		};

const securityContext = ({user, group}: ResolvedProcess): YamlValue | undefined => {
	const runAsUser = numericId(user);
	const runAsGroup = numericId(group);
	return runAsUser === undefined && runAsGroup === undefined ? undefined : {runAsUser, runAsGroup};
};
