import {constants} from 'node:os';

// Left to their default action (the supervisor dies of them, dumping core): raised by a real fault rather than by
// kill(2), they leave a process where no JavaScript listener can run safely (Node's docs, "Signal events"), and a
// listener would turn a crash, which the orphan guard answers, into a supervisor spinning on its fault. tini too leaves
// these unblocked.
export const FAULT_SIGNALS: readonly NodeJS.Signals[] = ['SIGSEGV', 'SIGBUS', 'SIGFPE', 'SIGILL'];

// Ignored without a word when nothing routes them: their default action is to be ignored (SIGPIPE: Node ignores it,
// so a write to a closed pipe fails with EPIPE), and a terminal resize is no news. SIGCHLD is Node's own, for its
// children. SIGKILL and SIGSTOP cannot be caught.
export const QUIET_SIGNALS: readonly NodeJS.Signals[] = ['SIGPIPE', 'SIGCHLD', 'SIGWINCH', 'SIGURG', 'SIGKILL', 'SIGSTOP'];

// Every signal of this system once, by its first name (SIGIOT is SIGABRT, SIGPOLL is SIGIO on Linux).
export function allSignals(): NodeJS.Signals[] {
	const seen = new Set<number>();
	return (Object.entries(constants.signals) as Array<[NodeJS.Signals, number]>).filter(([, number]) => !seen.has(number) && seen.add(number))
		.map(([name]) => name);
}

// Run under V8's sampling profiler (`node --cpu-prof`, `--prof`): its SIGPROF timer is the profiler's own, and a
// listener replaces V8's handler, so the profile stays empty and the timer kills the supervisor once the listener goes
// at exit (it died of SIGPROF, 155, while profiled at 500 processes, issue 29).
export const isProfiled = (execArgv: readonly string[]): boolean => execArgv.some(flag => /^--(?:cpu-)?prof(?:$|=|-)/.test(flag));

// The signals whose default action would end the supervisor (SIGALRM, SIGPROF, SIGPWR, SIGXCPU, …; `kill -ALRM` made it
// exit 142, issue 21) and that no handler in `handled` takes, under any of its names: the supervisor ignores them and
// says so. SIGPROF stays with the profiler when the supervisor is profiled (`execArgv`, NODE_OPTIONS included).
export function straySignals(handled: Iterable<NodeJS.Signals>, execArgv: readonly string[] = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)]): NodeJS.Signals[] {
	const profiler: NodeJS.Signals[] = isProfiled(execArgv) ? ['SIGPROF'] : [];
	const taken = new Set([...handled, ...FAULT_SIGNALS, ...QUIET_SIGNALS, ...profiler].map(name => constants.signals[name]));
	return allSignals().filter(name => !taken.has(constants.signals[name]));
}
