import type {ResolvedProcess} from '../config/types.js';
import type {UnitEvents} from '../events/unit-events.js';
import {childScope} from '../abort-scope.js';
import {runOnce} from '../run-once.js';
import type {Child} from './spawn.js';

export type Hook = 'postStart' | 'preStop';

// Runs one hook of a spawn (docs/lifecycle.md, Hooks) through runOnce: in a process group of its own, SIGKILLed whole
// once it exits, times out or `signal` aborts, so a hook that hangs or forks never outlives its turn. It gets the
// process's environment and SIDECAR_PID. Resolves true when it exited 0 (or there is none); the outcome is published.
export async function runHook(
	spec: ResolvedProcess,
	hook: Hook,
	pid: number,
	env: Record<string, string>,
	events: UnitEvents,
	timeout: number,
	signal: AbortSignal,
): Promise<{ok: true} | {ok: false; reason: string}> {
	const command = spec.hooks[hook];
	if (command === null) {
		return {ok: true};
	}

	const [file, ...args] = command;
	const result = await runOnce(file!, args, {cwd: spec.cwd, env: {...env, ...spec.env, SIDECAR_PID: String(pid)}, stderr: 'pipe', timeout: Math.max(timeout, 1), signal});
	const reason = result.ok ? undefined : [result.reason, result.stderr].filter(Boolean).join(': ');
	events.publish({event: 'hook', name: spec.name, hook, pid, result: reason === undefined ? 'ok' : 'failed', reason});
	return reason === undefined ? {ok: true} : {ok: false, reason};
}

// preStop before the stop signal, within stopTimeout, cut short when the child exits meanwhile (docs/lifecycle.md, Hooks).
export async function runPreStop(spec: ResolvedProcess, child: Child, env: Record<string, string>, events: UnitEvents, until: AbortSignal): Promise<void> {
	if (spec.hooks.preStop === null) {
		return;
	}

	const exited = childScope(until);
	void child.exited.then(() => exited.abort());
	try {
		await runHook(spec, 'preStop', child.pid, env, events, spec.stopTimeout, exited.signal);
	} finally {
		exited.abort();
	}
}
