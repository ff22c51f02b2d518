import {findSystemdNotify, notifyUnit, SystemdNotifier, takeNotifyEnvironment, unitHealthProblem} from './systemd-notify.js';
import type {AddOn, UnitHandle} from '../supervisor/add-on.js';

// sd_notify when systemd started the supervisor (docs/host.md): READY=1 once main is ready, STATUS= on every change
// (processes a reload adds included), STOPPING=1, EXTEND_TIMEOUT_USEC while 'before' sidecars start, and the watchdog,
// fed only while main's liveness passes and no critical sidecar is fatal or unhealthy. Takes NOTIFY_SOCKET and WATCHDOG_* out of `env`
// before any child is spawned, so none inherits them.
export function systemdNotify(env: NodeJS.ProcessEnv = process.env): AddOn {
	return {
		name: 'systemd notify',
		async attach(unit, signal) {
			const environment = takeNotifyEnvironment(env, unit.pid);
			if (environment === null) {
				return;
			}

			const binary = await findSystemdNotify(env.PATH);
			if (binary === null) {
				unit.events.publish({event: 'notify-failed', name: unit.name, reason: 'NOTIFY_SOCKET is set but systemd-notify was not found'});
				return;
			}

			const notifier = new SystemdNotifier(binary, environment, unit.pid, reason => {
				unit.events.publish({event: 'notify-failed', name: unit.name, reason});
			});
			notifyUnit(unit, notifier, signal);
			pauseWatchdog(unit, notifier, environment.watchdogUsec, signal);
			void notifier.keepWatchdog(signal, () => unitHealthProblem(unit), problem => {
				unit.events.publish({event: 'watchdog', name: unit.name, pinging: problem === null, reason: problem ?? undefined});
			});
			return async () => notifier.flush();
		},
	};
}

// systemd's watchdog runs on its own clock: while the unit is suspended (Ctrl-Z) nothing pings it, and it would end
// the unit. So before each suspension it is turned off (WATCHDOG_USEC=0: systemd stops a watchdog of 0, service.c,
// service_start_watchdog) and on resume set again to its period, which starts a full one (sd_notify(3), WATCHDOG_USEC=).
function pauseWatchdog(unit: Pick<UnitHandle, 'suspension'>, notifier: SystemdNotifier, usec: number | null, signal: AbortSignal): void {
	if (usec !== null) {
		unit.suspension?.onSuspend(async () => notifier.send('WATCHDOG_USEC=0'), () => {
			void notifier.send(`WATCHDOG_USEC=${usec}`);
		}, signal);
	}
}
