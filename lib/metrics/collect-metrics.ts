import type {UnitSnapshot} from '../supervisor/snapshot.js';
import type {EventCounters} from './counters.js';
import {renderMetrics} from './prometheus.js';

// Cpu seconds per process name over all its spawns (the unit's usage sampler), so the counter never goes down.
export type TreeCpu = {cpuSeconds: (name: string) => number};

// One scrape: the snapshot, the event counters and the sampler's last tick → Prometheus text (no /proc pass of its own).
export async function collectMetrics(snapshot: UnitSnapshot, counters: EventCounters, usage: TreeCpu, supervisorMemory: number): Promise<string> {
	return renderMetrics({
		supervisorMemory,
		groups: snapshot.groups.map(({name, ready, desired, configured}) => ({name, ready, desired, configured})),
		schedules: snapshot.processes.flatMap(({name, schedule}) => schedule === undefined ? [] : [{
			name, runs: schedule.runs, failing: schedule.failing, lastSuccess: msOf(schedule.lastSuccess), nextRun: msOf(schedule.nextRun),
		}]),
		processes: snapshot.processes.map(entry => ({
			name: entry.name,
			up: entry.pid !== null,
			ready: entry.ready,
			stopped: entry.state === 'stopped',
			restarts: entry.restarts,
			exits: counters.exits(entry.name),
			cpuSeconds: usage.cpuSeconds(entry.name),
			memory: entry.memory ?? 0,
			limitEvents: counters.limitEvents(entry.name),
		})),
	});
}

const msOf = (iso: string | null): number | null => iso === null ? null : Date.parse(iso);
