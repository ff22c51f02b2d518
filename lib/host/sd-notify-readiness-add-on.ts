import {chmodSync, chownSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {ResolvedProcess} from '../config/types.js';
import {resolveIdentity} from '../process/users.js';
import type {AddOn} from '../supervisor/add-on.js';
import {bindNotifySocket, type NotifySocket} from './notify-socket.js';

// `readiness: {sdNotify: true}` (docs/lifecycle.md, Readiness): each such process gets a NOTIFY_SOCKET of its own, bound
// by the supervisor before it starts (at start-up, or when a reload adds it), so a datagram's socket says who sent it.
// Every datagram is published as a `notified` event: its READY=1 makes the process ready, its STATUS= is shown by
// `sidecar status`. The sockets live in a private directory removed when the unit stops.
export function sdNotifyReadinessAddOn(): AddOn {
	const sockets = new Map<string, {path: string; socket: NotifySocket}>();
	let directory: string | null = null;
	let publish: (name: string, message: string) => void = () => {};
	return {
		name: 'sd_notify readiness',
		async attach(unit) {
			publish = (name, message) => unit.events.report({event: 'notified', name, message});
			return () => {
				for (const {socket} of sockets.values()) {
					socket.close();
				}

				if (directory !== null) {
					rmSync(directory, {recursive: true, force: true});
				}
			};
		},
		async prepare(specs: readonly ResolvedProcess[]) {
			for (const spec of specs.filter(each => each.readiness?.probe.kind === 'sdNotify' && !sockets.has(each.name))) {
				directory ??= mkdtempSync(path.join(os.tmpdir(), 'sidecar-notify-'));
				const file = path.join(directory, `${spec.name}.sock`);
				const socket = bindNotifySocket(file, message => publish(spec.name, message), () => {});
				sockets.set(spec.name, {path: file, socket});
				allowUser(spec, directory, file);
			}
		},
		wrapSpawn: spawn => (spec, env) => {
			const entry = sockets.get(spec.name);
			return spawn(spec, entry === undefined ? env : {...env, NOTIFY_SOCKET: entry.path});
		},
	};
}

// A process that runs as another user must be able to reach its socket: the directory becomes traversable (not
// listable) and the socket its own.
function allowUser(spec: ResolvedProcess, directory: string, file: string): void {
	const identity = resolveIdentity(spec);
	if (identity !== null) {
		chmodSync(directory, 0o711);
		chownSync(file, identity.uid, identity.gid);
	}
}
