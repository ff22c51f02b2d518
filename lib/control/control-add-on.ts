import type {AddOn} from '../supervisor/add-on.js';
import {handleControlRequests} from './handle-request.js';
import {RecentLines} from './recent-lines.js';
import {listenControlSocket} from './server.js';

// The control socket (docs/control.md): attached first, so a twin is refused before any process starts. It keeps
// the last lines of every process for `sidecar logs` (in `recent`, which the http API reads too).
export function controlAddOn(socketPath: string, recent = new RecentLines()): AddOn {
	return {
		name: 'control socket',
		async attach(unit, signal) {
			recent.follow(unit.events.lines.every(), signal);
			const server = await listenControlSocket(socketPath, unit.name, handleControlRequests({unit, recent}));
			return async () => server.close();
		},
	};
}
