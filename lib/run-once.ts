import {spawn} from 'node:child_process';
import {getSystemErrorMap} from 'node:util';
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
type Outcome = {code: number | null; signal: NodeJS.Signals | null} | {error: NodeJS.ErrnoException};

// Kept of a piped stderr: the end of what it wrote, enough for an error line.
const STDERR_KEPT_BYTES = 64 * 1024;

// Runs a command the supervisor waits for once (an exec probe, a hook, systemd-notify) in a process group of its own,
// and SIGKILLs that whole group as soon as the command exits, times out or `signal` aborts: nothing it forked outlives
// it (docs/lifecycle.md). node:child_process rather than execa: an exec probe runs once a second for as long as a
// unit waits, and execa cost ~0.8 ms more CPU a run (issue 29; docs/lifecycle.md, exec checks).
export async function runOnce(file: string, args: readonly string[], options: RunOnceOptions): Promise<RunOnceResult> {
	const {timeout, signal, stderr = 'ignore', cwd, extendEnv = true} = options;
	if (signal?.aborted) {
		return {ok: false, reason: 'cancelled', stderr: ''};
	}

	const mark = oneShotMark();
	const env = {...(extendEnv ? globalThis.process.env : {}), ...options.env, ...(mark === undefined ? {} : {[ONE_SHOT_VAR]: mark})};
	const child = spawn(file, args, {cwd, env, stdio: ['ignore', 'ignore', stderr], detached: true});
	const {pid} = child; // Undefined when the spawn failed (ENOENT, EACCES).
	const errors = keepTail(child.stderr);
	let exited = false;
	let ending: Ending = null;
	const killGroup = () => {
		trySignalGroup(pid!, 'SIGKILL'); // False (ESRCH): the group is empty already.
	};

	// Once the leader has exited its id may be reused: the group is killed at that moment, never later.
	child.once('exit', () => {
		exited = true;
		killGroup();
		// Its stderr is held only by one that left the group (setsid): the result does not wait for that one.
		setTimeout(() => child.stderr?.destroy(), 100).unref();
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
		const outcome = await new Promise<Outcome>(resolve => {
			child.once('error', error => resolve({error}));
			child.once('close', (code: number | null, killedBy: NodeJS.Signals | null) => resolve({code, signal: killedBy}));
		});
		return ending === null && 'code' in outcome && outcome.code === 0
			? {ok: true}
			: {ok: false, reason: describeEnding(file, timeout, ending, outcome), stderr: errors().trim()};
	} finally {
		clearTimeout(timer);
		signal?.removeEventListener('abort', onAbort);
	}
}

// The last STDERR_KEPT_BYTES a piped stream gave (text so far, as a function; '' for no stream).
function keepTail(stream: NodeJS.ReadableStream | null): () => string {
	let kept = Buffer.alloc(0);
	stream?.on('data', (chunk: Buffer) => {
		kept = Buffer.concat([kept, chunk]);
		kept = kept.length > STDERR_KEPT_BYTES ? kept.subarray(kept.length - STDERR_KEPT_BYTES) : kept;
	});
	stream?.on('error', () => {}); // The command's side closed: its exit tells the story.
	return () => kept.toString('utf8');
}

function describeEnding(file: string, timeout: number, ending: Ending, outcome: Outcome): string {
	if (ending === 'timeout') {
		return `timed out after ${formatDuration(timeout)}`;
	}

	if (ending === 'abort') {
		return 'cancelled';
	}

	if ('error' in outcome) {
		// A spawn that failed: -2 reads 'no such file or directory', as the C library says it.
		const {errno, code} = outcome.error;
		return `unable to run ${file}: ${(errno === undefined ? undefined : getSystemErrorMap().get(errno)?.[1]) ?? code ?? 'unknown error'}`;
	}

	return outcome.code === null ? `killed by ${outcome.signal}` : `exit code ${outcome.code}`;
}
