import {accessSync, constants, statSync, type Stats} from 'node:fs';
import path from 'node:path';

// Why a command cannot start, in a shell's words and with a shell's exit code: 127 nothing there, 126 there but
// not runnable (POSIX, "Exit Status for Commands"). `field` is the config key to fix.
export type StartFailure = {field: 'command' | 'cwd'; reason: string; code: 126 | 127};

// Who the child will run as: null for the supervisor's own user (then the kernel's own check, access(2), answers).
export type Runner = {uid: number; gid: number} | null;

// glibc's and libuv's search path when the environment has no PATH (_PATH_DEFPATH).
const DEFAULT_PATH = '/usr/bin:/bin';

// What execvp would fail on, found before anything is spawned, so the user reads about their command rather than
// about the helpers it is wrapped in (setpriv, the cgroup prelude): the cwd, then the executable, relative to cwd
// when it has a slash, else each directory of the child's PATH in turn. A few stat calls.
export function findStartFailure(file: string, cwd: string, pathVariable: string | undefined, runner: Runner): StartFailure | null {
	const directory = statOrCode(cwd);
	if (typeof directory === 'string' || !directory.isDirectory()) {
		const reason = directory === 'EACCES' ? 'permission denied' : typeof directory === 'string' ? 'no such directory' : 'not a directory';
		return {field: 'cwd', reason: `${cwd}: ${reason}`, code: directory === 'EACCES' ? 126 : 127};
	}

	if (!mayUse(cwd, directory, runner)) {
		return {field: 'cwd', reason: `${cwd}: permission denied`, code: 126};
	}

	if (file.includes('/')) {
		const problem = executableProblem(path.resolve(cwd, file), runner);
		return problem === null ? null : {field: 'command', reason: `${file}: ${problem === 'missing' ? 'no such file' : problem}`, code: problem === 'missing' ? 127 : 126};
	}

	// As execvp: a file found but not runnable is remembered and the search goes on; an empty entry is the cwd.
	let unusable: StartFailure | null = null;
	for (const entry of (pathVariable ?? DEFAULT_PATH).split(':')) {
		const candidate = path.resolve(cwd, entry, file);
		const problem = executableProblem(candidate, runner);
		if (problem === null) {
			return null;
		}

		if (problem !== 'missing') {
			unusable ??= {field: 'command', reason: `${file}: ${problem} (${candidate})`, code: 126};
		}
	}

	return unusable ?? {field: 'command', reason: `${file}: not found`, code: 127};
}

function executableProblem(file: string, runner: Runner): 'missing' | 'permission denied' | 'is a directory' | 'not executable' | null {
	const stat = statOrCode(file);
	if (typeof stat === 'string') {
		return stat === 'EACCES' ? 'permission denied' : 'missing';
	}

	if (stat.isDirectory()) {
		return 'is a directory';
	}

	return mayUse(file, stat, runner) ? null : 'not executable';
}

// Execute permission on a file, search permission on a directory. For another user (`user:`), from the mode bits
// of the file alone (the directories on the way are left to the kernel): Node gives such a child no supplementary
// groups (libuv calls setgroups(0) before setuid).
function mayUse(file: string, stat: Stats, runner: Runner): boolean {
	if (runner === null) {
		try {
			accessSync(file, constants.X_OK);
			return true;
		} catch {
			return false;
		}
	}

	const bits = runner.uid === 0 ? 0o111 : stat.uid === runner.uid ? 0o100 : stat.gid === runner.gid ? 0o010 : 0o001;
	return (stat.mode & bits) !== 0;
}

function statOrCode(file: string): Stats | string {
	try {
		return statSync(file);
	} catch (error) {
		return (error as NodeJS.ErrnoException).code ?? 'ENOENT';
	}
}
