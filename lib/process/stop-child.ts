import type {ResolvedProcess} from '../config/types.js';
import type {UnitEvents} from '../events/unit-events.js';
import {runPreStop} from './hooks.js';
import {outputSettled, type Child} from './spawn.js';
import {stopGroup} from './stop.js';
import type {SubtreeReader} from '../proc/subtree-reader.js';
import type {World} from './world.js';

// What stopping a child needs of the unit: its events, the SIDECAR_* environment (for preStop), the clock, kill and /proc.
export type StopHost = Pick<World, 'now' | 'sleep' | 'kill' | 'procTable'> & {subtrees?: SubtreeReader; events: UnitEvents; env: (name: string) => Record<string, string>};

// Stops one running child: `stopping`, preStop, stopSignal to its group, SIGKILL of the tree once stopTimeout is spent,
// then `stopped` once its output has settled. preStop and the stop signal share stopTimeout, as Kubernetes' grace
// period (docs/lifecycle.md, Hooks); `until` (the unit) cuts preStop short.
export async function stopChild(spec: ResolvedProcess, child: Child, host: StopHost, until: AbortSignal, reason?: string): Promise<void> {
	host.events.publish({event: 'stopping', name: spec.name, pid: child.pid, signal: spec.stopSignal, reason});
	const started = host.now();
	await runPreStop(spec, child, host.env(spec.name), host.events, until);
	const left = spec.stopTimeout - (host.now() - started);
	const how = await stopGroup(child.pid, spec.stopSignal, left, child.exited, child.ownGroup, host);
	await outputSettled(child);
	host.events.publish({event: 'stopped', name: spec.name, pid: child.pid, how: how === 'killed' ? `SIGKILL after ${spec.stopTimeout}ms` : undefined});
}
