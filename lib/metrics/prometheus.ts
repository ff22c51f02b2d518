// Why a process exited (counters.ts tells them apart), and what each means: the HELP line is written from this.
export const EXIT_REASONS = {
	success: 'code 0',
	failure: 'another code',
	signal: 'a signal',
	stopped: 'the stop signal the supervisor sent',
	error: 'could not spawn',
} as const;
export type ExitReason = keyof typeof EXIT_REASONS;

// One process's numbers, as the metrics endpoint shows them.
export type ProcessMetrics = {
	name: string;
	up: boolean;
	ready: boolean;
	// Held down by request, or not started with the unit (state `stopped`): down on purpose, not failing.
	stopped: boolean;
	restarts: number;
	exits: Partial<Record<ExitReason, number>>;
	cpuSeconds: number;
	memory: number;
	limitEvents: number;
};

// A replicated sidecar's instance counts (docs/config.md, Replicas).
export type GroupMetrics = {name: string; ready: number; desired: number; configured: number};

// A scheduled process's runs (docs/schedules.md): by result, the end of the last success and the next firing (ms since
// the epoch; null: none yet, or none to come), and whether it is failing (failureThreshold failed runs in a row).
export type ScheduleMetrics = {name: string; runs: Partial<Record<RunResult, number>>; lastSuccess: number | null; nextRun: number | null; failing: boolean};

// What a run of a schedule came to; every one is written for each schedule (0 until it happens), so a rule on
// `failed` has a series from the start.
export const RUN_RESULTS = ['succeeded', 'failed', 'replaced', 'interrupted'] as const;
type RunResult = typeof RUN_RESULTS[number];

// Everything /metrics serves.
export type UnitMetrics = {processes: ProcessMetrics[]; groups?: GroupMetrics[]; schedules?: ScheduleMetrics[]; supervisorMemory: number};

type Family = {name: string; type: 'gauge' | 'counter'; help: string; samples: Array<[labels: Record<string, string>, value: number]>};

// Label values escape backslash, double quote and newline (Prometheus text format 0.0.4).
const escapeLabel = (value: string): string => value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');

const formatValue = (value: number): string =>
	Number.isNaN(value) ? 'NaN' : value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : String(value);

const formatLabels = (labels: Record<string, string>): string => {
	const pairs = Object.entries(labels).map(([key, value]) => `${key}="${escapeLabel(value)}"`);
	return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
};

const perProcess = (processes: ProcessMetrics[], value: (entry: ProcessMetrics) => number): Family['samples'] =>
	processes.map(entry => [{process: entry.name}, value(entry)]);

// The unit as Prometheus text exposition format, one family per metric with HELP and TYPE lines.
export function renderMetrics({processes, groups = [], schedules = [], supervisorMemory}: UnitMetrics): string {
	const perGroup = (value: (group: GroupMetrics) => number): Family['samples'] => groups.map(group => [{group: group.name}, value(group)]);
	// Seconds since the epoch, as Prometheus' own `time()`; a schedule with no such time has no sample.
	const perSchedule = (time: (schedule: ScheduleMetrics) => number | null): Family['samples'] => schedules
		.filter(schedule => time(schedule) !== null).map(schedule => [{process: schedule.name}, time(schedule)! / 1000]);
	const families: Family[] = [
		{name: 'sidecar_process_up', type: 'gauge', help: '1 while the process runs', samples: perProcess(processes, p => Number(p.up))},
		{name: 'sidecar_process_ready', type: 'gauge', help: '1 while the process is ready (probe passed, or alive long enough)', samples: perProcess(processes, p => Number(p.ready))},
		{name: 'sidecar_process_stopped', type: 'gauge', help: '1 while the process is stopped on purpose (sidecar stop NAME, enabled: false, a profile not selected)', samples: perProcess(processes, p => Number(p.stopped))},
		{name: 'sidecar_process_restarts_total', type: 'counter', help: 'Restarts by the restart policy', samples: perProcess(processes, p => p.restarts)},
		{
			name: 'sidecar_process_exits_total',
			type: 'counter',
			help: `Exits by reason: ${Object.entries(EXIT_REASONS).map(([reason, meaning]) => `${reason} (${meaning})`).join(', ')}`,
			samples: processes.flatMap(p => Object.entries(p.exits).map(([reason, count]): [Record<string, string>, number] => [{process: p.name, reason}, count])),
		},
		{name: 'sidecar_process_cpu_seconds_total', type: 'counter', help: 'CPU time of the process tree, user and system', samples: perProcess(processes, p => p.cpuSeconds)},
		{name: 'sidecar_process_memory_bytes', type: 'gauge', help: 'Resident memory of the process tree', samples: perProcess(processes, p => p.memory)},
		{name: 'sidecar_process_limit_events_total', type: 'counter', help: 'Limit events: OOM kills, over-limit actions, throttling', samples: perProcess(processes, p => p.limitEvents)},
		{name: 'sidecar_group_ready_instances', type: 'gauge', help: 'Ready instances of a replicated sidecar', samples: perGroup(g => g.ready)},
		{name: 'sidecar_group_desired_instances', type: 'gauge', help: 'Instances a replicated sidecar should run (its config count, or a sidecar scale)', samples: perGroup(g => g.desired)},
		{name: 'sidecar_group_configured_instances', type: 'gauge', help: 'Instances of a replicated sidecar in its config', samples: perGroup(g => g.configured)},
		{
			name: 'sidecar_schedule_runs_total',
			type: 'counter',
			help: 'Runs of a schedule\'s firings by result: succeeded, failed, replaced (overlap replace), interrupted (the unit stopped)',
			samples: schedules.flatMap(schedule => RUN_RESULTS.map((result): [Record<string, string>, number] => [{process: schedule.name, result}, schedule.runs[result] ?? 0])),
		},
		{name: 'sidecar_schedule_last_success_timestamp_seconds', type: 'gauge', help: 'When the last successful run of a schedule ended', samples: perSchedule(s => s.lastSuccess)},
		{name: 'sidecar_schedule_next_run_timestamp_seconds', type: 'gauge', help: 'When a schedule fires next', samples: perSchedule(s => s.nextRun)},
		{name: 'sidecar_schedule_failing', type: 'gauge', help: '1 while failureThreshold runs of a schedule in a row have failed', samples: schedules.map(s => [{process: s.name}, Number(s.failing)])},
		{name: 'sidecar_supervisor_memory_bytes', type: 'gauge', help: 'Resident memory of the supervisor itself', samples: [[{}, supervisorMemory]]},
	];
	let text = '';
	for (const {name, type, help, samples} of families) {
		text += `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
		for (const [labels, value] of samples) {
			text += `${name}${formatLabels(labels)} ${formatValue(value)}\n`;
		}
	}

	return text;
}
