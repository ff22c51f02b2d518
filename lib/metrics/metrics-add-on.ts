import type {ResolvedConfig} from '../config/types.js';
import type {AddOn} from '../supervisor/add-on.js';
import type {TreeCpu} from './collect-metrics.js';

// The Prometheus endpoint at `metrics.host:port` (docs/control.md, Metrics), with /healthz and /readyz (docs/http.md); a port that cannot be bound fails the start.
// `usage`: the unit's one sampler (cpu seconds over every spawn), so a scrape reads no /proc of its own. Its code (and
// node:http) loads only when a unit has metrics: `sidecar run` without them does not pay for it (docs/benchmarks.md).
export function metricsAddOn(settings: NonNullable<ResolvedConfig['metrics']>, usage: TreeCpu): AddOn {
	return {
		name: 'metrics',
		async attach(unit, signal) {
			const [{collectMetrics}, {EventCounters}, {serveMetrics}, {probeAnswers}] = await Promise.all([
				import('./collect-metrics.js'), import('./counters.js'), import('./server.js'), import('./probe-answers.js'),
			]);
			const counters = new EventCounters();
			counters.follow(unit.events, signal);
			const server = await serveMetrics(settings.host, settings.port, async () =>
				collectMetrics(unit.snapshot(), counters, usage, process.memoryUsage.rss()), probeAnswers(unit));
			unit.events.report({event: 'metrics', name: unit.name, url: server.url});
			return async () => server.close();
		},
	};
}
