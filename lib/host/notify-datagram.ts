import {createRequire} from 'node:module';
import {loadDatagramCalls, sendAbstractDatagrams, type DatagramCalls} from './abstract-datagram.js';
import type {NotifyTransport} from './notify-transport.js';

// The environment variable that turns the datagram path off (docs/host.md): a test and diagnostic switch, as
// SIDECAR_PROC_TABLE=off is for the /proc table. With it, sd_notify goes through systemd-notify.
export const NOTIFY_DATAGRAM_SWITCH = 'SIDECAR_NOTIFY_DATAGRAM';

type DgramSocket = {
	sendTo: (data: Buffer, offset: number, length: number, path: string, onSent: (error?: Error) => void) => void;
	on: (event: 'error', listener: (error: Error) => void) => void;
	close: () => void;
};

// The optional packages, loaded on first use; a test passes loaders that throw.
export type DatagramPackages = {
	unixSocket: () => {DgramSocket: new () => DgramSocket};
	abstract: () => DatagramCalls;
};

const require = createRequire(import.meta.url);
const packages: DatagramPackages = {
	unixSocket: () => require('node-unix-socket') as ReturnType<DatagramPackages['unixSocket']>,
	abstract: loadDatagramCalls,
};

// sd_notify from the supervisor's own process: one datagram per message to NOTIFY_SOCKET, a path (node-unix-socket,
// the package the sdNotify receiver uses) or a Linux abstract name `@name` (sendto(2) through koffi). The kernel
// gives the datagram the supervisor's pid, which is the unit's main pid: NotifyAccess=main suffices. Null when the
// switch is off, the package cannot be loaded or the address is of another kind (vsock:, relative): the caller then
// runs systemd-notify, which knows them all.
export function openNotifyDatagram(address: string, env: NodeJS.ProcessEnv, load: DatagramPackages = packages): NotifyTransport | null {
	if (env[NOTIFY_DATAGRAM_SWITCH] === 'off' || !(address.startsWith('/') || address.startsWith('@'))) {
		return null;
	}

	try {
		return address.startsWith('@') ? abstractTransport(address, load.abstract()) : pathTransport(address, load.unixSocket().DgramSocket);
	} catch {
		return null; // Not installed, or no prebuilt binary for this platform.
	}
}

function pathTransport(address: string, Socket: new () => DgramSocket): NotifyTransport {
	const socket = new Socket();
	socket.on('error', () => {}); // Only a receiving socket emits these; a send's error comes to its callback.
	return {
		kind: 'datagram',
		send: assignments => new Promise(resolve => {
			const data = Buffer.from(assignments.join('\n'));
			try {
				socket.sendTo(data, 0, data.length, address, error => {
					resolve(error === undefined || error === null ? null : `unable to send to ${address}: ${error.message}`);
				});
			} catch (error) {
				resolve(`unable to send to ${address}: ${(error as Error).message}`);
			}
		}),
		close: () => {
			socket.close();
		},
	};
}

function abstractTransport(address: string, calls: DatagramCalls): NotifyTransport {
	const sender = sendAbstractDatagrams(address.slice(1), calls);
	return {
		kind: 'datagram',
		send: async assignments => {
			const problem = sender.send(assignments.join('\n'));
			return problem === null ? null : `unable to send to ${address}: ${problem}`;
		},
		close: () => {
			sender.close();
		},
	};
}
