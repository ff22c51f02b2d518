import type {AddOn} from '../supervisor/add-on.js';
import {holdSockets, type HeldSocket} from './hold-sockets.js';
import {loadSocketLibc} from './libc-socket.js';
import {withSockets} from './socket-spawn.js';

// The unit's sockets (docs/sockets.md): bound (or taken from systemd) before any process starts, held until the unit
// has stopped, and passed to each process that lists them. Last in lib/cli/unit-add-ons.ts: its spawn wrapper is then
// the outermost, and its LISTEN_PID prefix the last exec before the command.
export function socketsAddOn(env: Record<string, string | undefined> = process.env): AddOn {
	let held: HeldSocket[] = [];
	// A unit with no sockets leaves LISTEN_* alone (and loads no libc): nothing to take, nothing to pass on.
	return {
		name: 'sockets',
		async attach(unit) {
			if (unit.config.sockets.length === 0) {
				return;
			}

			held = await holdSockets(unit.config.sockets, loadSocketLibc(), env, unit.pid);

			return () => {
				for (const socket of held) {
					socket.close();
				}
			};
		},
		wrapSpawn: spawn => withSockets(held, spawn),
	};
}
