import type {ResolvedProbe, ResolvedReadiness} from '../config/types.js';
import {composeDuration} from './quantities.js';
import type {YamlValue} from './yaml.js';

// Single quotes for /bin/sh: close, escape, reopen around each quote in the text.
const shellQuote = (text: string): string => `'${text.replaceAll('\'', '\'\\\'\'')}'`;

// Our probe as a compose healthcheck test, run inside the service's own container (so loopback stays);
// a log probe has no form (undefined: see x-sidecar).
export function healthcheckTest(probe: ResolvedProbe): string[] | undefined {
	switch (probe.kind) {
		case 'http': {
			// Images carry curl or wget (busybox has wget), rarely both.
			const url = shellQuote(probe.url);
			return ['CMD-SHELL', `curl -fsS -o /dev/null ${url} || wget -q -O /dev/null ${url}`];
		}

		case 'tcp': {
			// /dev/tcp is a bash feature: the image needs bash.
			return ['CMD', 'bash', '-c', `exec 3<>/dev/tcp/${probe.host}/${probe.port}`];
		}

		case 'exec': {
			return ['CMD', ...probe.command];
		}

		case 'file': {
			return ['CMD', 'test', '-f', probe.path];
		}

		case 'log':
		case 'notify':
		case 'sdNotify': {
			return undefined;
		}
	}
}

// Readiness as a healthcheck: failures during start_period (the readiness timeout) do not count,
// the first pass makes the service healthy, and failureThreshold failures after it make it unhealthy.
export function composeHealthcheck(readiness: ResolvedReadiness | null): YamlValue | undefined {
	const test = readiness === null ? undefined : healthcheckTest(readiness.probe);
	if (readiness === null || test === undefined) {
		return undefined;
	}

	// start_interval (compose 2.20+) is our interval until the first pass; interval, retries and timeout apply after it.
	return {
		test,
		interval: composeDuration(readiness.period ?? readiness.interval),
		timeout: composeDuration(readiness.checkTimeout),
		retries: readiness.failureThreshold,
		start_period: composeDuration(readiness.timeout),
		start_interval: composeDuration(readiness.interval),
	};
}
