import type {ResolvedConfig, ResolvedProbe, ResolvedProcess} from '../config/types.js';
import {describeProbe} from '../probes/liveness.js';

// What a process's config says that Kubernetes has no field for, by name. Durations in ms.
function processExtras(spec: ResolvedProcess): Record<string, string> {
	const extras: Record<string, string | undefined> = {};
	if (spec.kind === 'sidecar') {
		// Kubernetes has no "start after main": these run as native sidecars, started before main.
		extras.start = spec.start === 'after' ? 'after' : undefined;
		extras['depends-on'] = spec.dependsOn.length > 0 ? spec.dependsOn.join(',') : undefined;
		extras.restart = spec.restart;
		extras.backoff = JSON.stringify(spec.backoff);
		extras['max-restarts'] = JSON.stringify(spec.maxRestarts);
		extras.critical = String(spec.critical);
		extras.run = spec.run === 'always' ? undefined : spec.run;
		extras.timeout = spec.timeout === null ? undefined : String(spec.timeout);
		extras['not-exported'] = notExported(spec);
	}

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
// sidecars', and has no container that only waits for a probe (an init container doing so needs an image and a loop).
function notExported(spec: ResolvedProcess): string | undefined {
	if (spec.run === 'gate') {
		return `gate: waits for ${spec.readiness === null ? 'its probe' : describeProbe(spec.readiness.probe)} before its dependents start`;
	}

	return spec.run === 'once' && spec.start !== 'before' ? `task that runs ${spec.start === 'after' ? 'once main is ready' : 'at shutdown, after main'}: ${spec.command.join(' ')}` : undefined;
}

// `sidecar.io/<process>.<field>` annotations for a whole unit, main first, then sidecars as given.
export function unitAnnotations(config: ResolvedConfig, sidecars: ResolvedProcess[]): Record<string, string> {
	const entries = [['sidecar.io/name', config.name], ['sidecar.io/signals', JSON.stringify(config.signals)]];
	for (const spec of [config.main, ...sidecars]) {
		for (const [key, value] of Object.entries(processExtras(spec))) {
			entries.push([`sidecar.io/${spec.name}.${key}`, value]);
		}
	}

	return Object.fromEntries(entries);
}

// Only a log probe and readiness the process pushes lack a Kubernetes form (a file probe becomes `test -f`): recorded as text.
const describeUnmapped = (probe: ResolvedProbe | undefined): string | undefined =>
	probe?.kind === 'log' ? `log /${probe.pattern}/` : probe?.kind === 'notify' || probe?.kind === 'sdNotify' ? probe.kind : undefined;

// A numeric id maps to runAsUser/runAsGroup; a name has no Kubernetes form.
export const numericId = (id: string | number | null): number | undefined =>
	typeof id === 'number' ? id : id !== null && /^\d+$/.test(id) ? Number(id) : undefined;

const isName = (id: string | number | null): boolean => id !== null && numericId(id) === undefined;
