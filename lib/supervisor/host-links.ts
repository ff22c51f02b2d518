import type {ResolvedConfig} from '../config/types.js';
import {attachLogFiles} from '../logs/file.js';
import type {Logger} from '../logs/logger.js';
import {missingTreeHelpers} from '../process/helper-programs.js';
import {OrphanGuard} from '../process/orphan-guard.js';
import type {SpawnChild} from '../process/spawn.js';
import {checkIdentities} from '../process/users.js';
import {findSystemdNotify, type NotifiedUnit, notifyUnit, SystemdNotifier, takeNotifyEnvironment} from './systemd-notify.js';

// What `sidecar run` adds around the unit on a real host (issue 6): users, orphan guarding, log files, sd_notify.
export type HostLinks = {
	wrapSpawn: (spawn: SpawnChild) => SpawnChild;
	onShutdown: () => void;
	watch: (unit: NotifiedUnit) => void;
	close: () => Promise<void>;
};

// Checks every `user`/`group` (throws before anything starts), ends a SIGKILLed predecessor's leftovers, opens
// the log files and finds systemd. Takes NOTIFY_SOCKET and WATCHDOG_* out of `env` so no child inherits them.
export async function linkHost(config: ResolvedConfig, logger: Logger, socketPath: string, env: NodeJS.ProcessEnv = process.env): Promise<HostLinks> {
	checkIdentities([config.main, ...config.sidecars]);
	const marker = [`SIDECAR_SUPERVISOR_PID=${process.pid}`, `SIDECAR_SOCKET=${socketPath}`];
	const guard = await OrphanGuard.open({socketPath, marker});
	if (guard.ended.length > 0) {
		logger.event(config.name, 'leftovers', {ended: guard.ended.join(' '), reason: 'left running by a supervisor that was killed'});
	}

	// Once, at start: a missing helper program costs a guarantee (docs/host.md), never the unit.
	for (const {program, lost, reason} of [...guard.missing, ...missingTreeHelpers()]) {
		logger.event(config.name, 'helper-missing', {program, lost, reason});
	}

	const closeFiles = attachLogFiles(logger, config);
	const notifier = await createNotifier(config.name, logger, env);
	const life = new AbortController();
	let stopping = () => {};
	return {
		wrapSpawn: spawn => guard.wrap(spawn),
		onShutdown: () => stopping(),
		watch(unit) {
			if (notifier !== null) {
				stopping = notifyUnit(unit, notifier).stopping;
				void notifier.keepWatchdog(life.signal);
			}
		},
		async close() {
			life.abort();
			await notifier?.flush();
			closeFiles();
			guard.close();
		},
	};
}

async function createNotifier(name: string, logger: Logger, env: NodeJS.ProcessEnv): Promise<SystemdNotifier | null> {
	const environment = takeNotifyEnvironment(env, process.pid);
	if (environment === null) {
		return null;
	}

	const binary = await findSystemdNotify(env.PATH);
	if (binary === null) {
		logger.event(name, 'notify-failed', {reason: 'NOTIFY_SOCKET is set but systemd-notify was not found'});
		return null;
	}

	return new SystemdNotifier(binary, environment, process.pid, reason => {
		logger.event(name, 'notify-failed', {reason});
	});
}
