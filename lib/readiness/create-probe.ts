import type {ResolvedProbe} from '../config/types.js';
import {checkExec} from './exec.js';
import {checkFile} from './file.js';
import {LogLineProbe} from './log-line.js';
import {NotifyFdProbe} from './notify-fd.js';
import type {LineSource, Probe, PushedSources} from './probe.js';
import {failed} from './result.js';
import {checkTcp} from './tcp.js';

const NOTHING_PUSHED: PushedSources = {notifyFd: null, sdNotify: () => () => {}};

// A probe for one spawn of a process (a log probe must see that spawn's lines from its start). `timeout` of a check
// bounds one attempt: an http request, an exec probe's command.
export function createProbe(spec: ResolvedProbe, lines: LineSource, cwd: string, pushed = NOTHING_PUSHED): Probe & {dispose?: () => void} {
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
			return pushed.notifyFd === null ? {check: async () => failed('no fd 3 pipe')} : new NotifyFdProbe(pushed.notifyFd);
		}

		case 'sdNotify': {
			return new LogLineProbe(/^READY=1$/, pushed.sdNotify);
		}
	}
}
