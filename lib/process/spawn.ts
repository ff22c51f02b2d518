import {spawn, type StdioOptions} from 'node:child_process';
import {Readable} from 'node:stream';
import {isatty} from 'node:tty';
import type {ResolvedProcess} from '../config/types.js';
import {findStartFailure} from './start-check.js';
import {resolveIdentity, type Identity} from './users.js';

export type ExitInfo = {code: number | null; signal: NodeJS.Signals | null; error?: string};

export type Child = {
	pid: number;
	stdout: Readable;
	stderr: Readable;
	// Resolves when the process itself exits, even while a grandchild still holds its pipes open.
	exited: Promise<ExitInfo>;
	// Its fd 3 pipe, for `readiness: {notify: true}` (absent otherwise).
	notify?: Readable;
	// False for an interactive main, which stays in the supervisor's (the terminal's foreground) process group.
	ownGroup?: boolean;
};

// `inheritFds`: the supervisor's fds the child gets as fd 3… (lib/sockets/socket-spawn.ts sets it; docs/sockets.md).
export type SpawnSpec = ResolvedProcess & {inheritFds?: readonly number[]};

export type SpawnChild = (spec: SpawnSpec, env: Record<string, string>) => Child;

// Every child runs in its own process group (detached), so a signal reaches its whole group and
// the terminal's Ctrl-C reaches only the supervisor, which then stops main first (docs/lifecycle.md).
// Long-lived children use node:child_process directly, not execa: execa costs ~16 MiB of resident memory
// and ~150 ms of start-up for options this path does not use (docs/benchmarks.md); one-shot commands neither
// (lib/run-once.ts).
export const spawnChild: SpawnChild = (spec, env) => {
	let identity: Identity | null;
	try {
		identity = resolveIdentity(spec); // Checked at start-up (run.ts); read again so a reload's names count too.
	} catch (error) {
		return failedChild((error as Error).message);
	}

	const [file, ...args] = spec.command;
	const notify = spec.readiness?.probe.kind === 'notify';
	const interactive = readsTerminal(spec);
	const foreground = interactive && isatty(0);
	// Sockets first, from fd 3 as sd_listen_fds(3) requires; the notify pipe after them.
	const inherited = spec.inheritFds ?? [];
	const notifyFd = String(3 + inherited.length);
	const stdio: StdioOptions = [interactive ? 'inherit' : 'ignore', 'pipe', 'pipe', ...inherited, ...(notify ? ['pipe' as const] : [])];
	const subprocess = spawn(file!, args, {
		cwd: spec.cwd,
		env: {...childEnvironment(spec, env, identity), ...(notify ? {NOTIFY_FD: notifyFd, READY_FD: notifyFd} : {})},
		stdio,
		// An interactive main stays in the terminal's foreground process group: a background group that reads the
		// terminal is stopped by SIGTTIN (docs/lifecycle.md, Interactive main).
		detached: !foreground,
		...(identity === null ? {} : {uid: identity.uid, gid: identity.gid}),
	});
	const exited = new Promise<ExitInfo>(resolve => {
		subprocess.once('exit', (code, signal) => resolve({code, signal}));
		// A spawn failure (ENOENT, EACCES) emits 'error' and no 'exit'.
		subprocess.once('error', error => resolve({code: 127, signal: null, error: `unable to spawn ${file}: ${error.message}`}));
	});
	const pipe = notify ? subprocess.stdio[3 + inherited.length] as Readable : undefined;
	return {pid: subprocess.pid ?? -1, stdout: subprocess.stdout!, stderr: subprocess.stderr!, exited, notify: pipe, ownGroup: !foreground};
};

// Main reads the supervisor's terminal with `stdin: 'inherit'`, or by default when stdin is a terminal.
export const readsTerminal = (spec: ResolvedProcess): boolean =>
	spec.kind === 'main' && (spec.stdin === 'inherit' || (spec.stdin === 'auto' && isatty(0)));

// What a child's environment is made of, the later winning: the supervisor's, the login variables of its user,
// SIDECAR_*, its env files, its own `env` (with `sidecar run --env`).
const childEnvironment = (spec: ResolvedProcess, env: Record<string, string>, identity: Identity | null): NodeJS.ProcessEnv =>
	({...process.env, ...identity?.env, ...env, ...spec.fileEnv, ...spec.env});

// Wraps the outermost spawn, before any prelude (setpriv, the cgroup one) is put in front of the command: a command
// that cannot start is not spawned but reported as an exit with the shell's code (127, 126) and the reason
// (`unable to start web: node: not found`), so main's makes the unit exit so and a sidecar's is a crash to its policy.
export const refuseUnstartable = (spawn: SpawnChild): SpawnChild => (spec, env) => {
	let identity: Identity | null;
	try {
		identity = resolveIdentity(spec);
	} catch {
		return spawn(spec, env); // Reported by spawnChild with the user's name.
	}

	const [file = ''] = spec.command;
	const failure = findStartFailure(file, spec.cwd, childEnvironment(spec, env, identity).PATH, identity);
	return failure === null ? spawn(spec, env) : failedChild(`unable to start ${spec.name}: ${failure.field === 'cwd' ? 'cwd ' : ''}${failure.reason}`, failure.code);
};

// A spawn that failed before a process existed: reported as an exit with an error (no pid, no output).
const failedChild = (error: string, code = 127): Child => ({
	pid: -1,
	stdout: Readable.from([]),
	stderr: Readable.from([]),
	exited: Promise.resolve({code, signal: null, error}),
});

// Exit events can outrun the last output: give the pipes a moment (at most 50 ms) to drain so lines come before `exited`.
// The timer is cancelled once the pipes close: left running, it kept the supervisor alive 50 ms after its last stop.
export async function outputSettled(child: Child): Promise<void> {
	const closed = async (stream: Readable) => (stream.closed ? undefined : new Promise(resolve => stream.once('close', resolve)));
	// A plain timer, cleared: an aborted timers/promises sleep costs an AbortController and a DOMException per exit.
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([Promise.all([closed(child.stdout), closed(child.stderr)]), new Promise(resolve => {
		timer = setTimeout(resolve, 50);
	})]);
	clearTimeout(timer);
}

// `code 3`, `signal SIGTERM`, or the spawn error, for events and messages.
export const describeExit = (exit: ExitInfo | null): string =>
	exit === null ? 'not started' : exit.error ?? (exit.signal === null ? `code ${exit.code}` : `signal ${exit.signal}`);
