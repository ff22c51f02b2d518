import type {ResolvedProbe} from '../config/types.js';
import {checkExec} from './exec.js';
import {checkFile} from './file.js';
import {LogLineProbe} from './log-line.js';
import {NotifyFdProbe} from './notify-fd.js';
import type {LineSource, Probe, ProbeSources} from './probe.js';
import {failed} from './result.js';
import {checkTcp} from './tcp.js';

// A source that never tells anything: where a probe kind has no lines to read.
const silent: LineSource = () => () => {};

// A probe for one spawn of a process (a log probe must see that spawn's lines from its start). `timeout` of a check
// bounds one attempt: an http request, an exec probe's command.
export function createProbe(spec: ResolvedProbe, cwd: string, sources: Partial<ProbeSources> = {}): Probe & {dispose?: () => void} {
	const {lines = silent, notifyFd = null, sdNotify = silent} = sources;
	switch (spec.kind) {
		case 'tcp': {
			return {check: async (timeout, signal) => checkTcp(spec.host, spec.port, timeout, signal)};
		}

		case 'http': {
			// node:http and node:https (with tls) load on the first http check: a unit without one never pays for them.
			return {check: async (timeout, signal) => (await import('./http.js')).checkHttp(spec.url, timeout, signal, spec)};
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

		case 'notify': {
			return notifyFd === null ? {check: async () => failed('no fd 3 pipe')} : new NotifyFdProbe(notifyFd);
		}

		case 'sdNotify': {
			return new LogLineProbe(/^READY=1$/, sdNotify);
		}
	}
}
