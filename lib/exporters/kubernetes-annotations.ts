import type {ResolvedConfig, ResolvedProbe, ResolvedProcess} from '../config/types.js';

// What a process's config says that Kubernetes has no field for, by name. Durations in ms.
function processExtras(process: ResolvedProcess): Record<string, string> {
	const extras: Record<string, string | undefined> = {};
	if (process.kind === 'sidecar') {
		// Kubernetes has no "start after main": these run as native sidecars, started before main.
		extras.start = process.start === 'after' ? 'after' : undefined;
		extras['depends-on'] = process.dependsOn.length > 0 ? process.dependsOn.join(',') : undefined;
		extras.restart = process.restart;
		extras.backoff = JSON.stringify(process.backoff);
		extras['max-restarts'] = JSON.stringify(process.maxRestarts);
		extras.critical = String(process.critical);
	}

	extras.readiness = describeUnmapped(process.readiness?.probe);
	extras.liveness = describeUnmapped(process.liveness?.probe);
	extras['stop-signal'] = process.stopSignal === 'SIGTERM' ? undefined : process.stopSignal;
	extras['limits-action'] = process.limits.memory === null || process.limits.action === 'restart' ? undefined : process.limits.action;
	extras.logs = process.logs.file === null ? undefined : JSON.stringify(process.logs);
	extras.user = isName(process.user) ? String(process.user) : undefined;
	extras.group = isName(process.group) ? String(process.group) : undefined;
	return Object.fromEntries(Object.entries(extras).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

// `sidecar.io/<process>.<field>` annotations for a whole unit, main first, then sidecars as given.
export function unitAnnotations(config: ResolvedConfig, sidecars: ResolvedProcess[]): Record<string, string> {
	const entries = [['sidecar.io/name', config.name], ['sidecar.io/signals', JSON.stringify(config.signals)]];
	for (const process of [config.main, ...sidecars]) {
		for (const [key, value] of Object.entries(processExtras(process))) {
			entries.push([`sidecar.io/${process.name}.${key}`, value]);
		}
	}

	return Object.fromEntries(entries);
}

// Only a log probe lacks a Kubernetes form (a file probe becomes `test -f`): it is recorded as text.
const describeUnmapped = (probe: ResolvedProbe | undefined): string | undefined =>
	probe?.kind === 'log' ? `log /${probe.pattern}/` : undefined;

// A numeric id maps to runAsUser/runAsGroup; a name has no Kubernetes form.
export const numericId = (id: string | number | null): number | undefined =>
	typeof id === 'number' ? id : id !== null && /^\d+$/.test(id) ? Number(id) : undefined;

const isName = (id: string | number | null): boolean => id !== null && numericId(id) === undefined;
