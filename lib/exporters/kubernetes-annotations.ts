import {createHash} from 'node:crypto';
import {notStartedWhy, startsWithUnit} from '../config/profiles.js';
import type {ResolvedConfig, ResolvedProbe, ResolvedProcess} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';
import {describeProbe} from '../readiness/describe.js';
import {edgeText} from './dependency-edges.js';

// The prefix of our annotation keys (docs/export.md, "Annotation keys"). Kubernetes leaves keys without a prefix to the
// user and asks tools to use one they own; this project owns no domain, and a single label with a '-' is no one's
// (top-level domains are letters only), so `x-sidecar/` takes no one's name. The compose export says `x-sidecar` too.
export const ANNOTATION_PREFIX = 'x-sidecar';

// Why a watch has no Kubernetes form, in its annotation and the export's note.
export const WATCH_NOT_CARRIED = 'Kubernetes has no file watch; a reloader (rolling the Pod when its ConfigMap or Secret changes) is the usual answer';

// The part of a key after the '/' is at most 63 characters (Kubernetes' IsQualifiedName): a process name leaves room
// for '.' and the longest field, `never-restart-on`.
const NAME_MAX = 63;
const STEM_MAX = NAME_MAX - '.never-restart-on'.length;

// What a process's config says that Kubernetes has no field for, by name. Durations in ms.
function processExtras(spec: ResolvedProcess): Record<string, string> {
	const extras: Record<string, string | undefined> = {};
	if (spec.kind === 'sidecar') {
		// Kubernetes has no "start after main": these run as native sidecars, started before main.
		extras.start = spec.start === 'after' ? 'after' : undefined;
		extras.restart = spec.restart;
		extras.backoff = JSON.stringify(spec.backoff);
		extras['max-restarts'] = JSON.stringify(spec.maxRestarts);
		extras.critical = String(spec.critical);
		extras.run = spec.run === 'always' ? undefined : spec.run;
		extras.timeout = spec.timeout === null ? undefined : String(spec.timeout);
		extras['not-exported'] = notExported(spec);
	}

	// Kubernetes starts each container once the one before it has started: a condition other than ready, main's own
	// list, and onRestart have no form there (docs/export.md).
	extras['depends-on'] = spec.dependsOn.length > 0 ? spec.dependsOn.map(edge => edgeText(edge)).join(',') : undefined;
	// Kept whole: a CronJob carries only part of it, a long-running process's periodic restart none (kubernetes-cronjobs.ts).
	extras.schedule = spec.schedule === null ? undefined : JSON.stringify(spec.schedule);
	// Kubernetes has no file watch: the whole watch, with why it is not carried (docs/export.md, Watches).
	extras.watch = spec.watch === null ? undefined : JSON.stringify({notCarried: WATCH_NOT_CARRIED, ...spec.watch});
	extras['success-codes'] = spec.successCodes.length > 0 ? spec.successCodes.join(',') : undefined;
	extras['never-restart-on'] = spec.neverRestartOn.length > 0 ? spec.neverRestartOn.join(',') : undefined;

	extras.readiness = describeUnmapped(spec.readiness?.probe);
	extras.liveness = describeUnmapped(spec.liveness?.probe);
	extras.drain = spec.drain !== null && (spec.hooks.preStop !== null || ('probe' in spec.drain && !['exec', 'file'].includes(spec.drain.probe.kind))) ? JSON.stringify(spec.drain) : undefined;
	extras['stop-signal'] = spec.stopSignal === 'SIGTERM' ? undefined : spec.stopSignal;
	extras['limits-action'] = spec.limits.memory === null || spec.limits.action === 'restart' ? undefined : spec.limits.action;
	extras.logs = spec.logs.file === null ? undefined : JSON.stringify(spec.logs);
	extras.user = isName(spec.user) ? String(spec.user) : undefined;
	extras.group = isName(spec.group) ? String(spec.group) : undefined;
	return Object.fromEntries(Object.entries(extras).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

// Why an entry has no container: Kubernetes runs nothing once after main is ready or between main's stop and the
// sidecars', has no container that is declared but not started, and none that only waits for a probe (an init container doing so needs an image and a loop).
function notExported(spec: ResolvedProcess): string | undefined {
	if (!startsWithUnit(spec, [])) {
		return `not started with the unit: it ${notStartedWhy(spec, [])} (sidecar start ${spec.name})`;
	}

	if (spec.run === 'gate') {
		return `gate: waits for ${spec.readiness === null ? 'its probe' : describeProbe(spec.readiness.probe)} before its dependents start`;
	}

	if (spec.run === 'once' && spec.schedule !== null && spec.schedule.runOnStart !== 'gate') {
		return 'scheduled task: a CronJob of its own when its schedule has a cron form, not a container of the unit (see the header)';
	}

	return spec.run === 'once' && spec.start !== 'before' ? `task that runs ${spec.start === 'after' ? 'once main is ready' : 'at shutdown, after main'}: ${spec.command.join(' ')}` : undefined;
}

// A process's part of its keys: its name, or for a name too long to fit, its start, '_' and a hash of the whole name
// (the same name gives the same keys on every export; a `.name` annotation gives the whole name back).
export const keyStem = (name: string): string =>
	name.length <= STEM_MAX ? name : `${name.slice(0, STEM_MAX - 9)}_${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;

// `x-sidecar/<process>.<field>` annotations for a whole unit, main first, then sidecars as given.
export function unitAnnotations(config: ResolvedConfig, sidecars: ResolvedProcess[]): Record<string, string> {
	const entries = [[`${ANNOTATION_PREFIX}/name`, config.name], [`${ANNOTATION_PREFIX}/signals`, JSON.stringify(config.signals)]];
	const owners = new Map<string, string>();
	for (const spec of [config.main, ...sidecars]) {
		const stem = keyStem(spec.name);
		checkUnique(owners, stem, spec.name);
		const extras = {...processExtras(spec), ...(stem === spec.name ? {} : {name: spec.name})};
		for (const [key, value] of Object.entries(extras)) {
			entries.push([`${ANNOTATION_PREFIX}/${stem}.${key}`, value]);
		}
	}

	// A replicated sidecar's count, port, minReady and stagger: a Pod has one container per instance and nothing more.
	for (const group of config.groups) {
		const stem = keyStem(group.name);
		checkUnique(owners, stem, group.name);
		entries.push([`${ANNOTATION_PREFIX}/${stem}.replicas`, JSON.stringify({count: group.count, port: group.port, minReady: group.minReady, stagger: group.stagger})]);
	}

	return Object.fromEntries(entries);
}

// Two processes must never share keys: one would overwrite the other's annotations in silence.
function checkUnique(owners: Map<string, string>, stem: string, name: string): void {
	const owner = owners.get(stem);
	if (owner !== undefined) {
		throw new SidecarError(`unable to export ${name}: its annotation keys (${ANNOTATION_PREFIX}/${stem}.…) would be those of ${owner}; rename one of them`, EXIT.usage);
	}

	owners.set(stem, name);
}

// Only a log probe and readiness the process pushes lack a Kubernetes form (a file probe becomes `test -f`): recorded as text.
const describeUnmapped = (probe: ResolvedProbe | undefined): string | undefined =>
	probe?.kind === 'log' ? `log /${probe.pattern}/` : probe?.kind === 'notify' || probe?.kind === 'sdNotify' ? probe.kind : undefined;

// A numeric id maps to runAsUser/runAsGroup; a name has no Kubernetes form.
export const numericId = (id: string | number | null): number | undefined =>
	typeof id === 'number' ? id : id !== null && /^\d+$/.test(id) ? Number(id) : undefined;

const isName = (id: string | number | null): boolean => id !== null && numericId(id) === undefined;
