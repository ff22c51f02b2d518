import {setTimeout as sleep} from 'node:timers/promises';
import {DEFAULTS} from '../config/defaults.js';
import {formatDuration} from '../config/units.js';
import {EXIT, SidecarError} from '../errors.js';
import type {ManagedProcess} from '../process/managed-process.js';
import {childScope} from '../abort-scope.js';

// Starts `group` as its dependencies allow: each process starts as soon as everything in its dependsOn
// is ready (those with none start at once, together); resolves when all are ready. The first that is not
// ready in its readiness timeout (or goes fatal) rejects with exit 69, and `scope` stops the rest starting.
export async function startGroup(
	group: readonly ManagedProcess[],
	lookup: (name: string) => ManagedProcess | undefined,
	start: (member: ManagedProcess) => void,
	scope: AbortSignal,
): Promise<void> {
	await Promise.all(group.map(async member => {
		await Promise.all(member.spec.dependsOn.map(async name => lookup(name)!.untilReady()));
		if (scope.aborted) {
			return;
		}

		start(member);
		await readyWithin(member, scope);
	}));
}

async function readyWithin(member: ManagedProcess, scope: AbortSignal): Promise<void> {
	const timeout = member.spec.readiness?.timeout ?? DEFAULTS.readiness.timeout;
	const timer = childScope(scope);
	const probe = member.spec.readiness?.probe;
	const expired = sleep(timeout, undefined, {signal: timer.signal}).then(() => {
		const why = member.probeFailure ?? 'its first attempt had not finished';
		throw new Error(`not ready after ${formatDuration(timeout)}${probe ? ` (${probe.kind} probe: ${why})` : ''}`);
	}, async () => new Promise(() => {})); // Stopped for another reason: the other side of the race decides.
	try {
		// A crash meanwhile is restarted by its policy while this timeout runs; going fatal ends the wait (docs/restarts.md).
		await Promise.race([member.untilReady(), expired]);
	} catch (error) {
		const reason = (error as Error).message;
		throw new SidecarError(`unable to start ${member.name}: ${reason}`, EXIT.unavailable, {cause: error});
	} finally {
		timer.abort();
	}
}
