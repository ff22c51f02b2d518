import type {ManagedProcess} from '../process/managed-process.js';
import type {ProcessState} from '../process/states.js';

export type Enforcement = 'cgroup' | 'polling' | 'none';

// One row of `sidecar status --json` (design.md, Command line).
export type ProcessSnapshot = {
	name: string;
	kind: 'main' | 'sidecar';
	pid: number | null;
	state: ProcessState;
	ready: boolean;
	// False while its liveness probe fails (for main: reported only, never acted on).
	healthy: boolean;
	restarts: number;
	uptimeMs: number | null;
	// Cores and bytes over the process tree at the last sampling tick; null when not running (docs/control.md).
	cpu: number | null;
	memory: number | null;
	limits: {enforcement: Enforcement};
};

export type UnitSnapshot = {name: string; supervisorPid: number; processes: ProcessSnapshot[]};

export type Usage = {cpu: number | null; memory: number | null; enforcement: Enforcement};

// The unit as data, for status, top and metrics.
export function snapshotUnit(
	name: string,
	supervisorPid: number,
	processes: readonly ManagedProcess[],
	now: number,
	usage: (process: ManagedProcess) => Usage = () => ({cpu: null, memory: null, enforcement: 'none'}),
): UnitSnapshot {
	return {
		name,
		supervisorPid,
		processes: processes.map(process => {
			const {cpu, memory, enforcement} = usage(process);
			return {
				name: process.name,
				kind: process.spec.kind,
				pid: process.pid,
				state: process.state,
				ready: process.ready,
				healthy: process.healthy,
				restarts: process.restarts,
				uptimeMs: process.pid === null || process.startedAt === null ? null : now - process.startedAt,
				cpu,
				memory,
				limits: {enforcement},
			};
		}),
	};
}
