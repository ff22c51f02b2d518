import type {Issue} from '../errors.js';
import {DEFAULTS} from './defaults.js';
import {isObject, readCommand, readDuration, readObject, readRecord} from './fields.js';
import type {NotifyKind, ResolvedNotification, ResolvedNotifyTarget} from './types.js';

// The kinds `on` takes, in the order docs/control.md lists them.
export const NOTIFY_KINDS: readonly NotifyKind[] = ['fatal', 'restart', 'unhealthy', 'limit', 'degraded', 'exit', 'scheduleFailed'];

const URL_EXPECTED = 'an http:// or https:// URL';

// Every `on` of a config as written (the unit's, main's, each sidecar's) → one list; problems go to `issues`.
export function resolveNotifications(spec: Record<string, unknown>, issues: Issue[]): ResolvedNotification[] {
	const sidecars = Object.entries(readRecord('sidecars', spec.sidecars, []));
	return [
		...readOn('on', null, spec.on, issues),
		...(isObject(spec.main) ? readOn('main.on', 'main', spec.main.on, issues) : []),
		...sidecars.flatMap(([name, sidecar]) => (isObject(sidecar) ? readOn(`sidecars.${name}.on`, name, sidecar.on, issues) : [])),
	];
}

function readOn(at: string, owner: string | null, value: unknown, issues: Issue[]): ResolvedNotification[] {
	const on = readObject(at, value, NOTIFY_KINDS, issues);
	return NOTIFY_KINDS.filter(kind => on[kind] !== undefined && on[kind] !== null).flatMap(kind => {
		const target = readTarget(`${at}.${kind}`, on[kind], issues);
		return target === null ? [] : [{owner, kind, at: `${at}.${kind}`, target}];
	});
}

// A command (string or argv), {command, timeout?}, or {url, headers?, timeout?}.
function readTarget(at: string, value: unknown, issues: Issue[]): ResolvedNotifyTarget | null {
	if (!isObject(value)) {
		const command = readCommand(at, value, issues);
		return command.length === 0 ? null : {type: 'command', command, timeout: DEFAULTS.notifyTimeout};
	}

	if (value.command === undefined && value.url === undefined) {
		issues.push({path: at, given: value, expected: 'a command, {command, timeout?} or {url, headers?, timeout?}'});
		return null;
	}

	const spec = readObject(at, value, value.command === undefined ? ['url', 'headers', 'timeout'] : ['command', 'timeout'], issues);
	const timeout = readTimeout(`${at}.timeout`, spec.timeout, issues);
	if (spec.command !== undefined) {
		const command = readCommand(`${at}.command`, spec.command, issues);
		return command.length === 0 ? null : {type: 'command', command, timeout};
	}

	const url = readUrl(`${at}.url`, spec.url, issues);
	const headers = readHeaders(`${at}.headers`, spec.headers, issues);
	return url === null ? null : {type: 'url', url, headers, timeout};
}

// A timeout of 0 would give up every notification before it starts.
function readTimeout(at: string, value: unknown, issues: Issue[]): number {
	const ms = readDuration(at, value, DEFAULTS.notifyTimeout, issues);
	if (ms <= 0) {
		issues.push({path: at, given: value, expected: 'a duration above 0, like "5s" (default "10s")'});
	}

	return ms;
}

function readUrl(at: string, value: unknown, issues: Issue[]): string | null {
	const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : null;
	if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.host === '') {
		issues.push({path: at, given: value, expected: URL_EXPECTED});
		return null;
	}

	return url.href;
}

// Header values are not shown in an issue: they often hold a token.
function readHeaders(at: string, value: unknown, issues: Issue[]): Record<string, string> {
	const headers = readRecord(at, value, issues);
	const wrong = Object.keys(headers).filter(key => typeof headers[key] !== 'string' || !/^[!#$%&'*+.^`|~\w-]+$/.test(key));
	for (const key of wrong) {
		issues.push({path: `${at}.${key}`, given: typeof headers[key] === 'string' ? key : `(a ${typeof headers[key]})`, expected: 'a header name (letters, digits, -) with a string value'});
	}

	return wrong.length > 0 ? {} : headers as Record<string, string>;
}
