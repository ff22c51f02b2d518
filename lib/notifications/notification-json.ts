import type {NotifyKind, ResolvedConfig} from '../config/types.js';
import type {LifecycleEvent} from '../events/unit-events.js';

// What a hook receives (SIDECAR_EVENT, or the POST body): the kind, the unit and process it is about, when (ISO), the
// lifecycle event as the logs have it, the crash context (the stderr tail the unit kept for the exit: empty when it
// has none), and `folded`: how many notifications of this kind for this process were held back before this one.
export type Notification = {
	kind: NotifyKind;
	unit: string;
	name: string;
	time: string;
	event: LifecycleEvent | {event: 'unit-failed'; name: string; code: number | null; reason: string};
	stderr: readonly string[];
	folded?: number;
};

// Shorter values would mask ordinary words and numbers (a port) in the stderr tail.
const SECRET_MIN_LENGTH = 6;

// The values of every process's configured environment (`env`, env files, `--env`), longest first: none of them may
// leave the supervisor in a notification, even one a crash printed to stderr.
export function environmentValues(config: Pick<ResolvedConfig, 'main' | 'sidecars'>): string[] {
	const values = new Set([config.main, ...config.sidecars].flatMap(spec => [...Object.values(spec.env), ...Object.values(spec.fileEnv)]));
	return [...values].filter(value => value.length >= SECRET_MIN_LENGTH).sort((a, b) => b.length - a.length);
}

// The notification as JSON, each environment value replaced by `****` wherever it appears.
export function notificationJson(notification: Notification, secrets: readonly string[]): string {
	let json = JSON.stringify(notification);
	for (const secret of secrets) {
		json = json.replaceAll(JSON.stringify(secret).slice(1, -1), '****');
	}

	return json;
}
