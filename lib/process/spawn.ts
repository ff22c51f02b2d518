import type {Readable} from 'node:stream';
import {execa} from 'execa';
import type {ResolvedProcess} from '../config/types.js';

export type ExitInfo = {code: number | null; signal: NodeJS.Signals | null; error?: string};

export type Child = {
	pid: number;
	stdout: Readable;
	stderr: Readable;
	// Resolves when the process itself exits, even while a grandchild still holds its pipes open.
	exited: Promise<ExitInfo>;
};

export type SpawnChild = (spec: ResolvedProcess, env: Record<string, string>) => Child;

// Every child runs in its own process group (detached), so a signal reaches its whole group and
// the terminal's Ctrl-C reaches only the supervisor, which then stops main first (design.md, Lifecycle 5).
export const spawnChild: SpawnChild = (spec, env) => {
	const [file, ...args] = spec.command;
	const subprocess = execa(file!, args, {
		cwd: spec.cwd,
		env: {...env, ...spec.env},
		extendEnv: true,
		stdin: 'ignore',
		stdout: 'pipe',
		stderr: 'pipe',
		buffer: false,
		detached: true,
		cleanup: false,
		reject: false,
		forceKillAfterDelay: false,
		...(typeof spec.user === 'number' ? {uid: spec.user} : {}),
		...(typeof spec.group === 'number' ? {gid: spec.group} : {}),
	});
	const exited = new Promise<ExitInfo>(resolve => {
		subprocess.once('exit', (code, signal) => resolve({code, signal}));
		// A spawn failure (ENOENT, EACCES) emits no 'exit': execa's result reports it.
		void subprocess.then(result => resolve({code: result.exitCode ?? 127, signal: null, error: result.failed && result.exitCode === undefined ? result.shortMessage : undefined}));
	});
	return {pid: subprocess.pid ?? -1, stdout: subprocess.stdout, stderr: subprocess.stderr, exited};
};
