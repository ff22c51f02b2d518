import type {ResolvedConfig} from '../config/types.js';
import {controlAddOn} from '../control/control-add-on.js';
import {RecentLines} from '../control/recent-lines.js';
import {logFilesAddOn} from '../host/log-files-add-on.js';
import {orphanGuardAddOn} from '../host/orphan-guard-add-on.js';
import type {ParentDeath} from '../host/pdeathsig.js';
import {initDutiesAddOn} from '../host/init-duties-add-on.js';
import {sdNotifyReadinessAddOn} from '../host/sd-notify-readiness-add-on.js';
import {systemdNotifyAddOn} from '../host/systemd-notify-add-on.js';
import {UsagePoller} from '../limits/poll-usage.js';
import {limitsAddOn} from '../limits/limits-add-on.js';
import {socketsAddOn} from '../sockets/sockets-add-on.js';
import type {AddOn} from '../supervisor/add-on.js';

// Every concern `sidecar run` attaches to a unit on a real host, in the order they attach (docs/architecture.md):
// the control socket first (a twin is refused before anything else happens), then what guards and measures spawns.
// Limits, metrics and the http API share one usage sampler: one /proc pass per tick for every tree; the control
// socket and the http API one copy of the kept lines. `parentDeath`: the setpriv
// probe, when `run` started it before loading the config. The metrics server, the http API and notifications are
// imported only when the config has them: a unit without them does not load their code at start-up (issue 29).
export async function unitAddOns(config: ResolvedConfig, socketPath: string, parentDeath?: Promise<ParentDeath>): Promise<AddOn[]> {
	const usage = new UsagePoller();
	const recent = new RecentLines();
	return [
		controlAddOn(socketPath, recent),
		...(config.metrics === null ? [] : [(await import('../metrics/metrics-add-on.js')).metricsAddOn(config.metrics, usage)]),
		...(config.http === null ? [] : [(await import('../http/http-add-on.js')).httpAddOn(config.http, usage, recent)]),
		// Before the orphan guard: it detaches after it, once the watcher has been told to go (host/init-duties-add-on.ts).
		initDutiesAddOn(),
		orphanGuardAddOn(socketPath, parentDeath),
		limitsAddOn(usage),
		logFilesAddOn(),
		sdNotifyReadinessAddOn(),
		systemdNotifyAddOn(),
		...(config.notifications.length === 0 ? [] : [(await import('../notifications/notifications-add-on.js')).notificationsAddOn()]),
		// Last: its spawn wrapper is the outermost, so its LISTEN_PID prefix is the last exec before the command.
		socketsAddOn(),
	];
}
