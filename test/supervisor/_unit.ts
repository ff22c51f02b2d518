import {fixture} from '../helpers/fixtures.js';

// A sidecar that crashes at once, forever, started after main; its budget never runs out unless `extra` says so.
export const crasher = (extra: Record<string, unknown> = {}) =>
	({command: fixture('exit.js', '1'), start: 'after', backoff: {initial: 1, max: 5}, maxRestarts: {count: 1000}, ...extra});
