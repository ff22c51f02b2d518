import type {ResolvedConfig, ResolvedSocket} from '../config/types.js';
import {systemdUnitName, type UnitFile} from './systemd-timers.js';

// systemd binds the unit's sockets itself: one .socket unit per socket (FileDescriptorName= names all the fds of its
// unit), each activating the service, which the supervisor then finds in LISTEN_FDS and passes on (docs/sockets.md).
export function socketFiles(config: ResolvedConfig): UnitFile[] {
	const service = `${systemdUnitName(config.name)}.service`;
	return config.sockets.map(socket => ({name: socketUnitName(config.name, socket.name), text: socketUnit(config.name, service, socket)}));
}

// The service's `Sockets=` line: systemd passes it these units' fds, in this order, with LISTEN_FDNAMES.
export const socketsLine = (config: ResolvedConfig): string[] => config.sockets.length === 0
	? []
	: ['# The unit\'s sockets are bound by systemd (the .socket units) and passed on by the supervisor to the processes listing them.', `Sockets=${config.sockets.map(socket => socketUnitName(config.name, socket.name)).join(' ')}`];

const socketUnitName = (unit: string, socket: string): string => `${systemdUnitName(unit)}-${systemdUnitName(socket)}.socket`;

function socketUnit(unit: string, service: string, socket: ResolvedSocket): string {
	const listen = socket.kind === 'unix' ? socket.path : `${socket.host.includes(':') ? `[${socket.host}]` : socket.host}:${socket.port}`;
	return [
		`# Socket "${socket.name}" of sidecar unit "${unit}", written by \`sidecar export systemd\`.`,
		'[Unit]',
		`Description=socket ${socket.name} of sidecar unit ${unit}`,
		'',
		'[Socket]',
		`ListenStream=${listen}`,
		`FileDescriptorName=${socket.name}`,
		`Backlog=${socket.backlog}`,
		...(socket.kind === 'unix' && socket.mode !== null ? [`SocketMode=${socket.mode.toString(8).padStart(4, '0')}`] : []),
		`Service=${service}`,
		'',
		'[Install]',
		'WantedBy=sockets.target',
		'',
	].join('\n');
}
