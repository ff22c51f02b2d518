import type {ResolvedProbe} from '../config/types.js';
import {checkExec} from './exec.js';
import {checkFile} from './file.js';
import {LogLineProbe} from './log-line.js';
import type {ProbeResult} from './result.js';
import {checkTcp} from './tcp.js';

// One check: whether it passed, and why not. `timeout` bounds a single attempt.
export type Probe = {check: (timeout: number, signal: AbortSignal) => Promise<ProbeResult>; passed?: Promise<void>};

// Lines a child writes, for `{log: 'regex'}` probes.
export type LineSource = (listener: (line: string) => void) => () => void;

// A probe for one spawn of a process (a log probe must see that spawn's lines from its start).
export function createProbe(spec: ResolvedProbe, lines: LineSource, cwd: string): Probe & {dispose?: () => void} {
	switch (spec.kind) {
		case 'tcp': {
			return {check: async (timeout, signal) => checkTcp(spec.host, spec.port, timeout, signal)};
		}

		case 'http': {
			// node:http and node:https (with tls) load on the first http check: a unit without one never pays for them.
			return {check: async (timeout, signal) => (await import('./http.js')).checkHttp(spec.url, timeout, signal)};
		}

		case 'exec': {
			return {check: async (timeout, signal) => checkExec(spec.command, cwd, timeout, signal)};
		}

		case 'file': {
			return {check: async () => checkFile(spec.path)};
		}

		case 'log': {
			return new LogLineProbe(new RegExp(spec.pattern), lines);
		}
	}
}
