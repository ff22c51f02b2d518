import {findSystemdNotify, systemdNotifyCommand} from './notify-command.js';
import {openNotifyDatagram} from './notify-datagram.js';
import type {NotifyTransport} from './notify-transport.js';
import {notifyUnit, SystemdNotifier, takeNotifyEnvironment, unitHealthProblem, type NotifyEnvironment} from './systemd-notifier.js';
import type {AddOn, UnitHandle} from '../supervisor/add-on.js';

// sd_notify when systemd started the supervisor (docs/host.md): READY=1 once main is ready, STATUS= on every change
// (processes a reload adds included), STOPPING=1, EXTEND_TIMEOUT_USEC while 'before' sidecars start, and the watchdog,
// fed only while main's liveness passes and no critical sidecar is fatal or unhealthy. Takes NOTIFY_SOCKET and WATCHDOG_* out of `env`
// before any child is spawned, so none inherits them. `uid` is the supervisor's (process.getuid()).
export function systemdNotifyAddOn(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.() ?? 0): AddOn {
	return {
		name: 'systemd notify',
		async attach(unit, signal) {
			const environment = takeNotifyEnvironment(env, unit.pid);
			if (environment === null) {
				return;
			}

			const warn = (reason: string) => {
				unit.events.report({event: 'notify-failed', name: unit.name, reason});
			};

			const transport = await openTransport(environment, env, unit.pid, uid, warn);
			if (transport === null) {
				return;
			}

			const notifier = new SystemdNotifier(transport, environment, warn);
			notifyUnit(unit, notifier, signal);
			pauseWatchdog(unit, notifier, environment.watchdogUsec, signal);
			void notifier.keepWatchdog(signal, () => unitHealthProblem(unit), problem => {
				unit.events.report({event: 'watchdog', name: unit.name, pinging: problem === null, reason: problem ?? undefined});
			});
			return async () => {
				await notifier.flush();
				transport.close();
			};
		},
	};
}

// The supervisor's own datagram socket, else systemd-notify (docs/host.md). As another user than root, systemd-notify's
// messages carry its own pid, which the exported NotifyAccess=main ignores: said once at start, as the unit would
// otherwise time out starting with no word why.
async function openTransport(environment: NotifyEnvironment, env: NodeJS.ProcessEnv, pid: number, uid: number, warn: (reason: string) => void): Promise<NotifyTransport | null> {
	const datagram = openNotifyDatagram(environment.socket, env);
	if (datagram !== null) {
		return datagram;
	}

	const binary = await findSystemdNotify(env.PATH);
	if (binary === null) {
		warn(`NOTIFY_SOCKET=${environment.socket} is set but the datagram path is unavailable and systemd-notify was not found`);
		return null;
	}

	if (uid !== 0) {
		warn(`sending through systemd-notify as uid ${uid}: systemd counts these messages only with NotifyAccess=all (the datagram path is unavailable; docs/host.md)`);
	}

	return systemdNotifyCommand(binary, environment.socket, pid);
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
