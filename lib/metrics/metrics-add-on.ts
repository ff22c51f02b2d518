import type {ResolvedConfig} from '../config/types.js';
import type {AddOn} from '../supervisor/add-on.js';
import {collectMetrics} from './collect-metrics.js';
import {EventCounters} from './counters.js';
import {serveMetrics} from './server.js';
import {TreeUsage} from './tree-usage.js';

// The Prometheus endpoint at `metrics.host:port` (docs/control.md, Metrics); a port that cannot be bound fails the start.
export function metricsServer(settings: NonNullable<ResolvedConfig['metrics']>): AddOn {
	return {
		name: 'metrics',
		async attach(unit, signal) {
			const counters = new EventCounters();
			unit.events.subscribe(counters.count, signal);
			const usage = new TreeUsage();
			const server = await serveMetrics(settings.host, settings.port, async () =>
				collectMetrics(unit.snapshot(), counters, usage, process.memoryUsage.rss()));
			unit.events.publish({event: 'metrics', name: unit.name, url: server.url});
			return async () => server.close();
		},
	};
}
