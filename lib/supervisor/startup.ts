import {setTimeout as sleep} from 'node:timers/promises';
import {DEFAULTS} from '../config/defaults.js';
import {formatDuration} from '../config/units.js';
import {EXIT, SidecarError} from '../errors.js';
import type {ManagedProcess} from '../process/managed-process.js';
import {childScope} from '../process/scope.js';

// Starts `group` as its dependencies allow: each process starts as soon as everything in its dependsOn
// is ready (those with none start at once, together); resolves when all are ready. The first that is not
// ready in its readiness timeout (or goes fatal) rejects with exit 69, and `scope` stops the rest starting.
export async function startGroup(
	group: readonly ManagedProcess[],
	all: ReadonlyMap<string, ManagedProcess>,
	start: (process: ManagedProcess) => void,
	scope: AbortSignal,
): Promise<void> {
	await Promise.all(group.map(async process => {
		await Promise.all(process.spec.dependsOn.map(async name => all.get(name)!.untilReady()));
		if (scope.aborted) {
			return;
		}

		start(process);
		await readyWithin(process, scope);
	}));
}

async function readyWithin(process: ManagedProcess, scope: AbortSignal): Promise<void> {
	const timeout = process.spec.readiness?.timeout ?? DEFAULTS.readiness.timeout;
	const timer = childScope(scope);
	const probe = process.spec.readiness?.probe;
	const expired = sleep(timeout, undefined, {signal: timer.signal}).then(() => {
		const why = process.probeFailure === null ? '' : `: ${process.probeFailure}`;
		throw new Error(`not ready after ${formatDuration(timeout)}${probe ? ` (${probe.kind} probe${why})` : ''}`);
	}, async () => new Promise(() => {})); // Stopped for another reason: the other side of the race decides.
	try {
		// A crash meanwhile is restarted by its policy while this timeout runs; going fatal ends the wait (issue 3).
		await Promise.race([process.untilReady(), expired]);
	} catch (error) {
		const reason = (error as Error).message;
		throw new SidecarError(`unable to start ${process.name}: ${reason}`, EXIT.unavailable, {cause: error});
	} finally {
		timer.abort();
	}
}
