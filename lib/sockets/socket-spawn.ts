import type {SpawnChild} from '../process/spawn.js';
import type {HeldSocket} from './hold-sockets.js';

const SET_LISTEN_PID = 'LISTEN_PID=$$; export LISTEN_PID;';
// A shell's reserved words and builtins that `exec` cannot run (docs/sockets.md, LISTEN_PID).
const NOT_EXECUTABLE = new Set(['if', 'for', 'while', 'until', 'case', 'exec', 'cd', 'export', 'set', 'eval', '.', 'source', 'true', 'false', 'trap', 'wait']);

// sd_listen_fds(3) checks LISTEN_PID against getpid(): a shell sets it to its own pid and execs the program, so the
// value is the pid of the program that reads it. An array command runs behind `sh -c '… exec "$@"'`; a shell command
// (`/bin/sh -c CMD`) gets the assignment in front, and `exec` too when it is one simple command (`node server.js`).
// A compound one (`cd web && node server.js`) must end in its own `exec` for the pids to match (docs/sockets.md).
export function listenPidCommand(command: readonly string[]): string[] {
	const [file, flag, script, ...rest] = command;
	if (file === '/bin/sh' && flag === '-c' && script !== undefined && rest.length === 0) {
		return [file, flag, `${SET_LISTEN_PID} ${isSimpleCommand(script) ? 'exec ' : ''}${script}`];
	}

	return ['/bin/sh', '-c', `${SET_LISTEN_PID} exec "$@"`, 'sidecar-listen', ...command];
}

// One program with its arguments: no operator, redirection, substitution or newline, and a first word exec can run.
const isSimpleCommand = (script: string): boolean => {
	const first = script.trim().split(/\s+/)[0] ?? '';
	return !/[;&|()<>`$\n{}]/.test(script) && /^[\w./-]+$/.test(first) && !NOT_EXECUTABLE.has(first);
};

// Wraps the spawn of a process that lists sockets: its fds become fd 3… in the order it lists them, with LISTEN_FDS,
// LISTEN_FDNAMES and LISTEN_PID. Applied outermost (the last add-on), so the orphan guard's and limits' preludes come
// before the LISTEN_PID shell, which is then the last exec before the program (docs/sockets.md).
export const withSockets = (held: readonly HeldSocket[], spawn: SpawnChild): SpawnChild => (spec, env) => {
	const sockets = spec.sockets.flatMap(name => held.filter(socket => socket.name === name));
	if (sockets.length === 0) {
		return spawn(spec, env);
	}

	const listen = {LISTEN_FDS: String(sockets.length), LISTEN_FDNAMES: sockets.map(({name}) => name).join(':')};
	return spawn({...spec, command: listenPidCommand(spec.command), inheritFds: sockets.map(({fd}) => fd)}, {...env, ...listen});
};
