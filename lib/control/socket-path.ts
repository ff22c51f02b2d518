import {accessSync, constants, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Where a unit's control socket lives, and why not in XDG_RUNTIME_DIR when that is set but unusable.
export type SocketLocation = {socket: string; notice: string | null};

// $XDG_RUNTIME_DIR/sidecar/NAME.sock, else /tmp/sidecar-UID/NAME.sock (os.tmpdir(): $TMPDIR moves it;
// docs/control.md). An XDG_RUNTIME_DIR that is not a directory this user can write to (stale after `su`, or in cron
// or CI) is passed over for the /tmp one, and `notice` says so.
export function findSocket(unitName: string, env: NodeJS.ProcessEnv = process.env): SocketLocation {
	const fallback = path.join(os.tmpdir(), `sidecar-${process.getuid?.() ?? 0}`);
	const runtime = env.XDG_RUNTIME_DIR;
	const problem = runtime ? unusable(runtime) : null;
	const directory = runtime && problem === null ? path.join(runtime, 'sidecar') : fallback;
	const notice = problem === null ? null : `XDG_RUNTIME_DIR ${runtime} is unusable (${problem}): the control socket is in ${fallback}`;
	return {socket: path.join(directory, `${unitName}.sock`), notice};
}

// The socket path alone (control commands find the unit by the same rule, quietly).
export const socketPath = (unitName: string, env: NodeJS.ProcessEnv = process.env): string => findSocket(unitName, env).socket;

function unusable(directory: string): string | null {
	try {
		if (!statSync(directory).isDirectory()) {
			return 'ENOTDIR';
		}

		accessSync(directory, constants.W_OK | constants.X_OK);
		return null;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code ?? String(error);
	}
}
