import type {ProcessView} from '../process/unit-member.js';
import type {ProcessState} from '../process/states.js';

export type EnforcementLabel = 'cgroup' | 'polling' | 'none';

// One row of `sidecar status --json` (docs/control.md).
export type ProcessSnapshot = {
	name: string;
	kind: 'main' | 'sidecar';
	run: 'always' | 'once' | 'gate';
	pid: number | null;
	state: ProcessState;
	waitingFor: string | null;
	ready: boolean;
	// Its last STATUS= on the NOTIFY_SOCKET the supervisor gave it (docs/lifecycle.md, Readiness), else null.
	statusText: string | null;
	// False while its liveness probe fails (for main: reported only, never acted on).
	healthy: boolean;
	restarts: number;
	uptimeMs: number | null;
	// Cores and bytes over the process tree at the last sampling tick; null when not running (docs/control.md).
	cpu: number | null;
	memory: number | null;
	limits: {enforcement: EnforcementLabel};
	// The latest exit and the last stderr lines of that spawn (crash context; docs/control.md).
	lastExit: {code: number | null; signal: NodeJS.Signals | null; error?: string; stderr: string[]} | null;
};

export type UnitSnapshot = {name: string; supervisorPid: number; processes: ProcessSnapshot[]};

export type ProcessUsage = {cpu: number | null; memory: number | null; enforcement: EnforcementLabel};

// The unit as data, for status, top and metrics.
export function snapshotUnit(
	name: string,
	supervisorPid: number,
	processes: readonly ProcessView[],
	now: number,
	usage: (member: ProcessView) => ProcessUsage = () => ({cpu: null, memory: null, enforcement: 'none'}),
	statusText: (name: string) => string | null = () => null,
): UnitSnapshot {
	return {
		name,
		supervisorPid,
		processes: processes.map(member => {
			const {cpu, memory, enforcement} = usage(member);
			return {
				name: member.name,
				kind: member.spec.kind,
				run: member.spec.run,
				pid: member.pid,
				state: member.state,
				waitingFor: member.waitingFor,
				ready: member.ready,
				statusText: statusText(member.name),
				healthy: member.healthy,
				restarts: member.restarts,
				uptimeMs: member.pid === null || member.startedAt === null ? null : now - member.startedAt,
				cpu,
				memory,
				limits: {enforcement},
				lastExit: member.lastExit === null ? null : {...member.lastExit, stderr: [...member.lastExitStderr]},
			};
		}),
	};
}
