import type {ResolvedProcess} from '../config/types.js';
import type {UnitEvents} from '../events/unit-events.js';
import {runHook} from './hooks.js';
import type {StoppedFor} from './restart-policy.js';
import type {Child} from './spawn.js';

// postStart runs beside the new child; readiness waits for it, and a failure stops the spawn as a crash (`recycle`), as
// Kubernetes kills a container whose postStart hook failed (docs/lifecycle.md, Hooks). Resolves false when the spawn
// is not to be probed: the hook failed or `signal` ended the spawn meanwhile. (Its caller skips it without a hook, so
// that the probe then starts in the same turn as the spawn.)
export async function passPostStart(
	spec: ResolvedProcess,
	child: Child,
	env: Record<string, string>,
	events: UnitEvents,
	recycle: (reason: string, as: StoppedFor) => Promise<void>,
	signal: AbortSignal,
): Promise<boolean> {
	if (spec.hooks.postStart === null || child.pid <= 0) {
		return true;
	}

	const result = await runHook(spec, 'postStart', child.pid, env, events, spec.hooks.timeout, signal);
	if (!result.ok && !signal.aborted) {
		void recycle(`postStart hook failed (${result.reason})`, 'postStart failed');
	}

	return result.ok && !signal.aborted;
}
