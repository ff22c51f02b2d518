import type {UnitSnapshot} from '../supervisor/snapshot.js';
import type {EventCounters} from './counters.js';
import {renderMetrics} from './prometheus.js';
import type {TreeUsage} from './tree-usage.js';

// One scrape: the snapshot, the event counters and one read of the process table → Prometheus text.
export async function collectMetrics(snapshot: UnitSnapshot, counters: EventCounters, usage: TreeUsage, supervisorMemory: number): Promise<string> {
	const trees = await usage.read(snapshot.processes);
	return renderMetrics({
		supervisorMemory,
		processes: snapshot.processes.map(process => ({
			name: process.name,
			up: process.pid !== null,
			ready: process.ready,
			restarts: process.restarts,
			exits: counters.exits(process.name),
			cpuSeconds: trees.get(process.name)?.cpuSeconds ?? 0,
			memory: process.memory ?? trees.get(process.name)?.memory ?? 0,
			limitEvents: counters.limitEvents(process.name),
		})),
	});
}
