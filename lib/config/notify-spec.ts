// What users write for notifications (docs/control.md, Notifications): `on` per process and unit-wide.
import type {Command, Duration} from './spec-values.js';

/**
 * An http:// or https:// URL.
 * @pattern ^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]
 */
type HookUrl = string;

// Where one kind of notification goes: a command (the event as JSON in SIDECAR_EVENT), or a URL the JSON is POSTed to.
export type NotifyTarget = Command | {
	/** Run with the event as JSON in SIDECAR_EVENT; an array runs directly, a string through /bin/sh -c. */
	command: Command;
	/** Killed, its whole process group, after this long; default '10s'. */
	timeout?: Duration;
} | {
	/** The event is POSTed here as JSON. */
	url: HookUrl;
	/** Request headers, e.g. {"Authorization": "Bearer ${TOKEN}"}. */
	headers?: Record<string, string>;
	/** The request is abandoned after this long; default '10s'. */
	timeout?: Duration;
};

// The kinds of notification (the table of the events each follows is docs/control.md's, Notifications).
export type OnSpec = {
	/** A process went fatal (main: exited with a failure); unit-wide also the unit ending with a failure. */
	fatal?: NotifyTarget;
	/** A process is restarted after a crash. */
	restart?: NotifyTarget;
	/** Its liveness probe failed failureThreshold times. */
	unhealthy?: NotifyTarget;
	/** A memory or CPU limit acted (or warned). */
	limit?: NotifyTarget;
	/** A replicated sidecar has fewer ready instances than its count. */
	degraded?: NotifyTarget;
	/** A process exited, for any reason. */
	exit?: NotifyTarget;
	/** A scheduled run failed, or failureThreshold runs in a row did. */
	scheduleFailed?: NotifyTarget;
};
