import type {Readable} from 'node:stream';
import type {ProbeResult} from './result.js';

// One check: whether it passed, and why not. `timeout` bounds a single attempt.
export type Probe = {check: (timeout: number, signal: AbortSignal) => Promise<ProbeResult>; passed?: Promise<void>};

// Lines a child writes, for `{log: 'regex'}` probes.
export type LineSource = (listener: (line: string) => void) => () => void;

// What a process announces itself, for readiness: its fd 3 pipe, and the lines of the datagrams on its NOTIFY_SOCKET.
export type PushedSources = {notifyFd: Readable | null; sdNotify: LineSource};
