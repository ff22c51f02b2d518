import {getSystemErrorMap} from 'node:util';
import type {Result} from 'execa';
import {formatDuration} from './config/units.js';
import {ONE_SHOT_VAR, oneShotMark} from './one-shot-mark.js';
import {trySignalGroup} from './signals/send.js';

// What a one-shot command runs with; stdin and stdout are always closed.
export type RunOnceOptions = {
	cwd?: string;
	env?: Record<string, string>;
	// false: `env` is the whole environment, not added to the supervisor's.
	extendEnv?: boolean;
	// 'pipe' keeps what the command wrote to stderr, for its error message.
	stderr?: 'pipe' | 'ignore';
	// Milliseconds the command may run.
	timeout: number;
	signal?: AbortSignal;
};

// How a one-shot command ended: ok when it exited 0; otherwise why not (`exit code 1`, `timed out after 1s`,
// `unable to run ./check: no such file or directory`), with its stderr when piped.
export type RunOnceResult = {ok: true} | {ok: false; reason: string; stderr: string};

type Ending = 'timeout' | 'abort' | null;

// Runs a command the supervisor waits for once (an exec probe, systemd-notify) in a process group of its own, and
// SIGKILLs that whole group as soon as the command exits, times out or `signal` aborts: nothing it forked outlives
// it (docs/lifecycle.md). execa gives argv handling and spawn errors; the group kill is ours, as execa signals the pid alone.
export async function runOnce(file: string, args: readonly string[], options: RunOnceOptions): Promise<RunOnceResult> {
	const {timeout, signal, stderr = 'ignore', ...rest} = options;
	if (signal?.aborted) {
		return {ok: false, reason: 'cancelled', stderr: ''};
	}

	const {execa} = await import('execa'); // Loaded on first use: most units run no one-shot command.
	const mark = oneShotMark();
	const env = mark === undefined ? rest.env : {...rest.env, [ONE_SHOT_VAR]: mark};
	const subprocess = execa(file, args, {...rest, env, stdin: 'ignore', stdout: 'ignore', stderr, detached: true, reject: false});
	const {pid} = subprocess; // Undefined when the spawn failed (ENOENT, EACCES).
	let exited = false;
	let ending: Ending = null;
	const killGroup = () => {
		trySignalGroup(pid!, 'SIGKILL'); // False (ESRCH): the group is empty already.
	};

	// Once the leader has exited its id may be reused: the group is killed at that moment, never later.
	subprocess.once('exit', () => {
		exited = true;
		killGroup();
	});
	const end = (why: Exclude<Ending, null>) => () => {
		if (pid !== undefined && !exited) {
			ending ??= why;
			killGroup();
		}
	};

	const timer = setTimeout(end('timeout'), timeout);
	const onAbort = end('abort');
	signal?.addEventListener('abort', onAbort, {once: true});
	try {
		const result = await subprocess;
		return ending === null && result.exitCode === 0
			? {ok: true}
			: {ok: false, reason: describeEnding(file, timeout, ending, result), stderr: typeof result.stderr === 'string' ? result.stderr.trim() : ''};
	} finally {
		clearTimeout(timer);
		signal?.removeEventListener('abort', onAbort);
	}
}

function describeEnding(file: string, timeout: number, ending: Ending, result: Result): string {
	if (ending === 'timeout') {
		return `timed out after ${formatDuration(timeout)}`;
	}

	if (ending === 'abort') {
		return 'cancelled';
	}

	if (result.exitCode !== undefined) {
		return `exit code ${result.exitCode}`;
	}

	if (result.signal !== undefined) {
		return `killed by ${result.signal}`;
	}

	// A spawn that failed: -2 reads 'no such file or directory', as the C library says it.
	const errno = (result.cause as NodeJS.ErrnoException | undefined)?.errno;
	return `unable to run ${file}: ${(errno === undefined ? undefined : getSystemErrorMap().get(errno)?.[1]) ?? result.code ?? 'unknown error'}`;
}
