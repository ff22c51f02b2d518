import type {ResolvedDrain, ResolvedLiveness, ResolvedProbe, ResolvedProcess, ResolvedReadiness} from '../config/types.js';
import {toSeconds} from './quantities.js';
import type {YamlValue} from './yaml.js';

type Handler = {[key: string]: YamlValue};

// The kubelet probes the pod's IP, so a loopback host in the config means "this pod": leave `host` out.
const loopback = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', '0.0.0.0', '']);
const hostOf = (host: string): string | undefined => (loopback.has(host) ? undefined : host);

// Our probe as a Kubernetes probe handler; a log probe and readiness the process pushes have no Kubernetes form
// (null: see the annotations).
export function probeHandler(probe: ResolvedProbe): Handler | null {
	switch (probe.kind) {
		case 'http': {
			const url = new URL(probe.url);
			const https = url.protocol === 'https:';
			const port = url.port === '' ? (https ? 443 : 80) : Number(url.port);
			// The kubelet never verifies certificates, so `insecure` needs no field; a status range other than 200-399 has none.
			const httpHeaders = Object.entries(probe.headers).map(([name, value]) => ({name, value}));
			return {httpGet: {scheme: https ? 'HTTPS' : 'HTTP', host: hostOf(url.hostname), port, path: url.pathname + url.search, ...(httpHeaders.length > 0 ? {httpHeaders} : {})}};
		}

		case 'tcp': {
			return {tcpSocket: {host: hostOf(probe.host), port: probe.port}};
		}

		case 'exec': {
			return {exec: {command: probe.command}};
		}

		case 'file': {
			return {exec: {command: ['test', '-f', probe.path]}};
		}

		case 'log':
		case 'notify':
		case 'sdNotify': {
			return null;
		}
	}
}

// Readiness gates start-up (startupProbe: failureThreshold × period covers readiness.timeout), then keeps
// reporting readiness (readinessProbe), which is what Kubernetes uses for Services and rollouts.
export function readinessProbes(readiness: ResolvedReadiness | null): Handler {
	const handler = readiness === null ? null : probeHandler(readiness.probe);
	if (readiness === null || handler === null) {
		return {};
	}

	const periodSeconds = toSeconds(readiness.interval);
	const failureThreshold = Math.max(1, Math.ceil(readiness.timeout / (periodSeconds * 1000)));
	const timeoutSeconds = toSeconds(readiness.checkTimeout);
	return {
		startupProbe: {...handler, periodSeconds, failureThreshold, timeoutSeconds},
		// After the first pass, as ours runs on (docs/lifecycle.md, Probes): period and both thresholds.
		readinessProbe: {
			...handler,
			periodSeconds: toSeconds(readiness.period ?? readiness.interval),
			timeoutSeconds,
			failureThreshold: readiness.failureThreshold,
			successThreshold: readiness.successThreshold,
		},
	};
}

// Hooks map one to one; a drain becomes the sidecar's preStop when it has none of its own: Kubernetes runs a native
// sidecar's preStop after main has exited and before its SIGTERM, which is when ours drains. Otherwise an annotation.
export function lifecycle(spec: ResolvedProcess): Handler {
	const exec = (command: string[] | null) => (command === null ? undefined : {exec: {command}});
	const drain = spec.hooks.preStop === null ? drainHook(spec.drain) : undefined;
	const hooks = {postStart: exec(spec.hooks.postStart), preStop: exec(spec.hooks.preStop) ?? drain};
	return hooks.postStart === undefined && hooks.preStop === undefined ? {} : {lifecycle: hooks};
}

// A drain as a preStop handler: a sleep, or a shell loop until its check passes (bounded by the grace period).
function drainHook(drain: ResolvedDrain | null): Handler | undefined {
	if (drain === null) {
		return undefined;
	}

	if ('delay' in drain) {
		return {sleep: {seconds: toSeconds(drain.delay)}};
	}

	const check = probeHandler(drain.probe) as {exec?: {command: string[]}} | null;
	const command = check?.exec?.command.map(part => `'${part.replaceAll('\'', '\'\\\'\'')}'`).join(' ');
	return command === undefined ? undefined : {exec: {command: ['/bin/sh', '-c', `until ${command}; do sleep ${drain.interval / 1000}; done`]}};
}

// Liveness maps one to one; Kubernetes counts in whole seconds, so sub-second values round up.
export function livenessProbe(liveness: ResolvedLiveness | null): Handler {
	const handler = liveness === null ? null : probeHandler(liveness.probe);
	if (liveness === null || handler === null) {
		return {};
	}

	return {
		livenessProbe: {
			...handler,
			initialDelaySeconds: liveness.initialDelay > 0 ? toSeconds(liveness.initialDelay) : undefined,
			periodSeconds: toSeconds(liveness.interval),
			timeoutSeconds: toSeconds(liveness.timeout),
			failureThreshold: liveness.failureThreshold,
		},
	};
}
