import type {ResolvedHttp} from '../config/types.js';
import type {RecentLines} from '../control/recent-lines.js';
import type {TreeCpu} from '../metrics/collect-metrics.js';
import type {AddOn} from '../supervisor/add-on.js';

// The HTTP API, page and readiness endpoints at `http.host:port` (docs/http.md). Its code (and node:http) loads only
// when a unit sets `http`. `recent`: the control socket's kept lines (one copy for both); `usage`: the unit's sampler.
export function httpAddOn(settings: ResolvedHttp, usage: TreeCpu, recent: RecentLines): AddOn {
	return {
		name: 'http',
		async attach(unit, signal) {
			const [{readFile}, {packageFile}, {handleControlRequests}, {collectMetrics}, {EventCounters}, {apiRoutes}, {serveHttp}] = await Promise.all([
				import('node:fs/promises'), import('../package-root.js'), import('../control/handle-request.js'),
				import('../metrics/collect-metrics.js'), import('../metrics/counters.js'), import('./api-routes.js'), import('./server.js'),
			]);
			const page = await readFile(packageFile('lib/http/page/index.html'), 'utf8');
			const counters = new EventCounters();
			counters.follow(unit.events, signal);
			const metrics = async () => collectMetrics(unit.snapshot(), counters, usage, process.memoryUsage.rss());
			const routes = apiRoutes({unit, handle: handleControlRequests({unit, recent}), page, metrics});
			const server = await serveHttp(settings.host, settings.port, routes, settings.token);
			unit.events.report({event: 'http', name: unit.name, url: server.url});
			return async () => server.close();
		},
	};
}
