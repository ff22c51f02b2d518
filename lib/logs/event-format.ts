import type {EventName, EventOf, LifecycleEvent} from '../events/unit-events.js';

// A lifecycle event as the logs print it: `--log-format json` writes {time, name, event, ...details}, the pretty
// console `sidecar | NAME EVENT (key value, …)` (docs/logs.md). Details keep this order; undefined ones are dropped.
export type PrintedEvent = {event: EventName; name: string; details: Record<string, unknown>};

type Format<K extends EventName> = ((event: EventOf<K>) => Record<string, unknown>) | null;

// A list is printed as its items joined by spaces, and left out when empty.
const joined = (items: readonly unknown[]): string | undefined => items.length === 0 ? undefined : items.join(' ');

// The printed details of every kind, field by field: renaming a field of an event changes no log line until it is
// changed here too (test/logs/event-format.ts pins the result). null: not printed (the state of a process or of the
// unit is shown by `sidecar status`; `notified` is chatty, a child's own WATCHDOG=1 pings).
const formats: {[K in EventName]: Format<K>} = {
	state: null,
	'unit-state': null,
	notified: null,
	starting: ({pid}) => ({pid}),
	ready: ({pid, probe, after, again}) => ({pid, probe, after, again}),
	'not-ready': ({pid, reason}) => ({pid, reason}),
	hook: ({hook, pid, result, reason}) => ({hook, pid, result, reason}),
	draining: ({pid, how, timeoutMs}) => ({pid, how, timeoutMs}),
	drained: ({pid, result, ms, reason}) => ({pid, result, ms, reason}),
	exited: ({pid, code, signal, error, stopped, cause, stderr}) => ({pid, code, signal, error, stopped, cause, stderr}),
	restarting: ({delayMs, restarts, reason}) => ({delayMs, restarts, reason}),
	fatal: ({reason, code, signal, restarts, windowMs, stderr}) => ({reason, code, signal, restarts, windowMs, stderr}),
	unhealthy: ({pid, reason, action, stderr}) => ({pid, reason, action, stderr}),
	waiting: event => ({for: event.for}),
	limit: ({resource, reason, usage, limit, enforcement, action}) => ({resource, reason, usage, limit, enforcement, action}),
	stopping: ({pid, signal, reason}) => ({pid, signal, reason}),
	stopped: ({pid, how}) => ({pid, how}),
	killing: ({reason}) => ({reason}),
	reloaded: ({added, changed, removed}) => ({added: joined(added), changed: joined(changed), removed: joined(removed)}),
	scale: ({from, to, configured}) => ({from, to, configured}),
	degraded: ({ready, desired, fatal}) => ({ready, desired, fatal}),
	recovered: ({ready, desired}) => ({ready, desired}),
	leftovers: ({ended, reason}) => ({ended: joined(ended), reason}),
	'logfile-failed': ({file, reason}) => ({file, reason}),
	'notify-failed': ({reason}) => ({reason}),
	watchdog: ({pinging, reason}) => ({pinging, reason}),
	metrics: ({url}) => ({url}),
	http: ({url}) => ({url}),
	'helper-missing': ({program, lost, reason}) => ({program, lost, reason}),
	'schedule-fired': event => ({reason: event.reason, for: event.for, run: event.run}),
	'schedule-ended': ({result}) => ({result}),
	'schedule-skipped': ({reason}) => ({reason}),
	'schedule-failing': ({failures, critical}) => ({failures, critical}),
	'schedule-paused': ({paused}) => ({paused}),
	'schedule-state': ({file, reason}) => ({file, reason}),
	watching: ({directories, paths}) => ({directories, paths: joined(paths)}),
	'watch-fired': ({file, changes}) => ({file, changes}),
	'watch-acted': ({result, signal, reason, stderr}) => ({result, signal, reason, stderr}),
	'watch-failed': ({code, directory, limit, reason}) => ({code, directory, limit, reason}),
	'watch-suspended': ({file, reason}) => ({file, reason}),
};

// One lifecycle event → what the logs print of it, or null when they print nothing. Pure.
export function formatEvent(event: LifecycleEvent): PrintedEvent | null {
	const format = formats[event.event] as ((event: LifecycleEvent) => Record<string, unknown>) | null;
	if (format === null) {
		return null;
	}

	const details = Object.entries(format(event)).filter(([, value]) => value !== undefined);
	return {event: event.event, name: event.name, details: Object.fromEntries(details)};
}
