import type {ConfigDiff} from '../config/diff.js';
import type {ResolvedConfig} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';
import type {Logger} from '../logs/logger.js';
import {collectMetrics, type TreeCpu} from '../metrics/collect-metrics.js';
import {EventCounters} from '../metrics/counters.js';
import {serveMetrics, type MetricsServer} from '../metrics/server.js';
import {handleControlRequests, type ControlUnit} from './handle-request.js';
import {listenControlSocket} from './server.js';

// The control socket, and the metrics endpoint when `metrics` is configured; `close` ends both.
export type ControlPlane = {close: () => Promise<void>};

// What the Supervisor offers the control plane.
export type Controllable = Pick<ControlUnit, 'snapshot' | 'restartProcess' | 'signalProcess' | 'requestStop' | 'finished' | 'recent'> & {
	reload: (next: ResolvedConfig) => Promise<ConfigDiff>;
	// The unit's one usage sampler: metrics read its cpu seconds instead of reading /proc again.
	usage: TreeCpu;
};

// What the plane needs from the host: the unit's config, socket path, logger and pid, and how to re-read the config.
export type ControlOptions = {config: ResolvedConfig; socketPath: string; logger: Logger; pid: number; reloadConfig?: () => Promise<ResolvedConfig>};

// Started first in `run()`, so a twin is refused before any sidecar starts (design.md, Control socket and metrics).
export async function startControlPlane(supervisor: Controllable, {config, socketPath, logger, pid, reloadConfig}: ControlOptions): Promise<ControlPlane> {
	const unit: ControlUnit = {
		...pick(supervisor),
		name: config.name,
		supervisorPid: pid,
		async reload() {
			if (reloadConfig === undefined) {
				throw new SidecarError(`unable to reload unit "${config.name}": it was not started from a config`, EXIT.unavailable);
			}

			return supervisor.reload(await reloadConfig());
		},
		followLines: listener => logger.tap(listener),
	};
	const counters = new EventCounters();
	const untap = logger.tapEvents(counters.tap);
	const socket = await listenControlSocket(socketPath, config.name, handleControlRequests(unit));
	let metrics: MetricsServer | null = null;
	if (config.metrics !== null) {
		try {
			metrics = await serveMetrics(config.metrics.host, config.metrics.port, async () =>
				collectMetrics(unit.snapshot(), counters, supervisor.usage, process.memoryUsage.rss()));
		} catch (error) {
			await socket.close();
			untap();
			throw error;
		}

		logger.event(config.name, 'metrics', {url: metrics.url});
	}

	return {
		async close() {
			untap();
			await Promise.all([socket.close(), metrics?.close()]);
		},
	};
}

const pick = (supervisor: Controllable) => ({
	snapshot: () => supervisor.snapshot(),
	restartProcess: async (name: string) => supervisor.restartProcess(name),
	signalProcess: (name: string, signal: NodeJS.Signals) => supervisor.signalProcess(name, signal),
	requestStop: (request: {reason: string}) => {
		supervisor.requestStop(request);
	},
	finished: supervisor.finished,
	recent: supervisor.recent,
});
