import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';

// A process's TCP sockets as ports, for kubernetes and compose: neither holds a socket for the program, which binds the
// port itself there (docs/sockets.md, Exports).
export const socketPorts = (config: ResolvedConfig, spec: ResolvedProcess): Array<{host: string; port: number}> => spec.sockets
	.map(name => config.sockets.find(socket => socket.name === name))
	.flatMap(socket => socket?.kind === 'tcp' ? [{host: socket.host, port: socket.port}] : []);

// What of the unit's sockets the export approximates, for its "Not carried over" lines.
export const socketNotes = (config: ResolvedConfig): string[] => config.sockets.length === 0 ? [] : [
	`sockets (${config.sockets.map(({name}) => name).join(', ')}): nothing holds them across a restart (that is the rolling update's job); `
	+ 'each TCP socket is its process\'s port, which the program must bind itself when LISTEN_FDS is unset (on 0.0.0.0 in a container); '
	+ 'a unix socket has no form',
];
