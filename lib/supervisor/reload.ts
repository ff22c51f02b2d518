import type {ConfigDiff} from '../config/diff.js';
import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import type {ManagedProcess} from '../process/managed-process.js';
import {startGroup} from './startup.js';

// What applying a reload needs from the unit: its processes, its start order, and how to make and start one.
export type ReloadHost = {
	processes: Map<string, ManagedProcess>;
	startOrder: ManagedProcess[];
	create: (spec: ResolvedProcess) => ManagedProcess;
	start: (process: ManagedProcess) => void;
	// Readies what added and changed processes need before they start (their cgroups).
	prepare: (specs: ResolvedProcess[]) => Promise<void>;
	scope: AbortSignal;
};

// Removed and changed sidecars stop (reverse start order, as at shutdown); changed ones are replaced by a process
// with the new spec; added and changed ones then start by dependsOn and readiness. Main and the rest are not touched.
export async function applyReload(host: ReloadHost, diff: ConfigDiff, next: ResolvedConfig): Promise<void> {
	const leaving = new Set([...diff.removed, ...diff.changed]);
	const started = [...host.startOrder].reverse().filter(process => leaving.has(process.name));
	const neverStarted = [...leaving].map(name => host.processes.get(name)!).filter(process => !started.includes(process));
	for (const process of [...started, ...neverStarted]) {
		await process.stop();
	}

	const keep = host.startOrder.filter(process => !leaving.has(process.name));
	host.startOrder.splice(0, host.startOrder.length, ...keep);
	const main = host.processes.get('main')!;
	const entering = new Set([...diff.added, ...diff.changed]);
	await host.prepare(next.sidecars.filter(spec => entering.has(spec.name)));
	const sidecars = next.sidecars.map(spec => entering.has(spec.name) ? host.create(spec) : host.processes.get(spec.name)!);
	host.processes.clear();
	host.processes.set('main', main);
	for (const process of sidecars) {
		host.processes.set(process.name, process);
	}

	await startGroup(sidecars.filter(process => entering.has(process.name)), host.processes, host.start, host.scope);
}
