import type {ProcessView} from '../process/unit-member.js';
import type {ProcessState} from '../process/states.js';

export type EnforcementLabel = 'cgroup' | 'polling' | 'none';

// One row of `sidecar status --json` (docs/control.md).
export type ProcessSnapshot = {
	name: string;
	// The replicated sidecar it is an instance of, else null.
	group: string | null;
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
	// A process with a schedule: its next and last firing (ISO), the last run's result, paused, failing (docs/schedules.md).
	schedule?: ScheduleSnapshot;
	// A watched process (an instance: its group's watch): watching, failed or suspended, and its actions (docs/watch.md).
	watch?: WatchSnapshot;
};

export type WatchSnapshot = {
	state: 'watching' | 'failed' | 'suspended';
	directories: number;
	// Restarts and signals by this watch (watch restarts are counted here, apart from crash restarts).
	actions: number;
	lastFile: string | null;
	lastAction: string | null;
	lastResult: 'restarted' | 'signalled' | 'step failed' | 'refused' | null;
};

// What the watch of one process tells (supervisor/watch-trigger.ts), its time in ms.
export type WatchTimes = Omit<WatchSnapshot, 'lastAction'> & {lastAction: number | null};

export type ScheduleSnapshot = {
	nextRun: string | null;
	lastRun: string | null;
	lastResult: 'succeeded' | 'failed' | 'replaced' | 'interrupted' | null;
	paused: boolean;
	// Failed firings in a row; `failing` once they reach failureThreshold.
	failures: number;
	failing: boolean;
	// The end of the last successful run (ISO), and the runs so far by result (the metrics read both).
	lastSuccess: string | null;
	runs: Partial<Record<'succeeded' | 'failed' | 'replaced' | 'interrupted', number>>;
};

// What the schedule of one process tells (supervisor/schedule-trigger.ts), times in ms.
export type ScheduleTimes = Omit<ScheduleSnapshot, 'nextRun' | 'lastRun' | 'lastSuccess'> & {nextRun: number | null; lastRun: number | null; lastSuccess: number | null};

// A replicated sidecar: how many instances are ready of those asked for (`desired`: the config's `configured` count,
// or what `sidecar scale` set), and its state (supervisor/group-state.ts).
export type GroupSnapshot = {name: string; state: 'running' | 'degraded' | 'fatal'; ready: number; desired: number; configured: number; instances: string[]};

export type UnitSnapshot = {name: string; supervisorPid: number; processes: ProcessSnapshot[]; groups: GroupSnapshot[]};

export type ProcessUsage = {cpu: number | null; memory: number | null; enforcement: EnforcementLabel};

// The unit as data, for status, top and metrics.
export function snapshotUnit(
	name: string,
	supervisorPid: number,
	processes: readonly ProcessView[],
	now: number,
	usage: (member: ProcessView) => ProcessUsage = () => ({cpu: null, memory: null, enforcement: 'none'}),
	statusText: (name: string) => string | null = () => null,
	groups: readonly GroupSnapshot[] = [],
	schedule: (name: string) => ScheduleTimes | null = () => null,
	watch: (member: ProcessView) => WatchTimes | null = () => null,
): UnitSnapshot {
	return {
		name,
		supervisorPid,
		groups: groups.map(({name, state, ready, desired, configured, instances}) => ({name, state, ready, desired, configured, instances})),
		processes: processes.map(member => {
			const {cpu, memory, enforcement} = usage(member);
			const times = schedule(member.name);
			const watched = watch(member);
			return {
				name: member.name,
				group: member.spec.replica?.group ?? null,
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
				...(times === null ? {} : {schedule: {...times, nextRun: isoTime(times.nextRun), lastRun: isoTime(times.lastRun), lastSuccess: isoTime(times.lastSuccess)}}),
				...(watched === null ? {} : {watch: {...watched, lastAction: isoTime(watched.lastAction)}}),
			};
		}),
	};
}

const isoTime = (ms: number | null): string | null => ms === null ? null : new Date(ms).toISOString();
