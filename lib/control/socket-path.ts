import os from 'node:os';
import path from 'node:path';

// $XDG_RUNTIME_DIR/sidecar/NAME.sock, else /tmp/sidecar-UID/NAME.sock (docs/control.md).
export function socketPath(unitName: string, env: NodeJS.ProcessEnv = process.env): string {
	const directory = env.XDG_RUNTIME_DIR
		? path.join(env.XDG_RUNTIME_DIR, 'sidecar')
		: path.join(os.tmpdir(), `sidecar-${os.userInfo().uid}`);
	return path.join(directory, `${unitName}.sock`);
}
