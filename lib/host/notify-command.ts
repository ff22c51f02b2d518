import {constants} from 'node:fs';
import {access} from 'node:fs/promises';
import path from 'node:path';
import {runOnce} from '../run-once.js';
import type {NotifyTransport} from './notify-transport.js';

// systemd-notify, which ships with systemd wherever NOTIFY_SOCKET can be set.
export async function findSystemdNotify(searchPath = process.env.PATH ?? ''): Promise<string | null> {
	for (const directory of [...searchPath.split(path.delimiter), '/usr/bin', '/bin'].filter(Boolean)) {
		const file = path.join(directory, 'systemd-notify');
		if (await access(file, constants.X_OK).then(() => true, () => false)) {
			return file;
		}
	}

	return null;
}

// The fallback when the datagram path is unavailable (docs/host.md): each message is one run of
// `systemd-notify --pid=SUPERVISOR`. As root it sends with the supervisor's pid as its credentials, so NotifyAccess=main
// counts it; as another user the kernel refuses forged credentials and only NotifyAccess=all would. By default it
// waits until systemd has read the message (BARRIER=1), so a short-lived sender is never misattributed.
export function systemdNotifyCommand(binary: string, socket: string, pid: number): NotifyTransport {
	return {
		kind: 'systemd-notify',
		async send(assignments) {
			const result = await runOnce(binary, [`--pid=${pid}`, ...assignments], {
				env: {NOTIFY_SOCKET: socket},
				extendEnv: false,
				stderr: 'pipe',
				timeout: 10_000,
			});
			return result.ok ? null : result.stderr || `systemd-notify: ${result.reason}`;
		},
		close() {}, // Nothing stays open between messages.
	};
}
