import type {Readable} from 'node:stream';
import type {ProbeResult} from './result.js';

// One check: whether it passed, and why not. `timeout` bounds a single attempt.
export type Probe = {check: (timeout: number, signal: AbortSignal) => Promise<ProbeResult>; passed?: Promise<void>};

// Lines a child writes, for `{log: 'regex'}` probes.
export type LineSource = (listener: (line: string) => void) => () => void;

// Where a probe of one spawn reads: its stdout lines (a log probe), and what the process announces itself for readiness,
// its fd 3 pipe and the lines of the datagrams on its NOTIFY_SOCKET. Only a spawn's first readiness reads them: liveness
// and drain take polled kinds only (config/resolve-probe.ts), and a log or pushed probe is not repeated once passed.
export type ProbeSources = {lines: LineSource; notifyFd: Readable | null; sdNotify: LineSource};
