import {formatDuration} from '../config/units.js';
import type {UnitEvents} from '../events/unit-events.js';
import type {UnitMember} from '../process/unit-member.js';
import type {Sleep} from '../suspend-clock.js';

// The `start: 'shutdown'` tasks, run after main has stopped and before the sidecars stop (docs/lifecycle.md,
// Shutdown): each once its shutdown-task dependencies have settled, each bounded by its own timeout from its first
// start (retries by its policy included), after which its tree is SIGKILLed. A failure is logged by its events and
// never holds the stop longer. Dependencies on sidecars are met already: they still run.
export async function runShutdownTasks(
	tasks: readonly UnitMember[],
	start: (member: UnitMember) => void,
	events: UnitEvents,
	sleep: Sleep,
): Promise<void> {
	const byName = new Map(tasks.map(member => [member.name, member]));
	const settled = new Map<string, Promise<void>>();
	const settle = async (member: UnitMember): Promise<void> => {
		let running = settled.get(member.name);
		if (running === undefined) {
			running = run(member);
			settled.set(member.name, running);
		}

		return running;
	};

	const run = async (member: UnitMember): Promise<void> => {
		await Promise.all(member.spec.dependsOn.map(async ({name}) => {
			const dependency = byName.get(name);
			return dependency === undefined ? undefined : settle(dependency);
		}));
		start(member);
		const deadline = new AbortController();
		const done = member.untilReady().catch(() => {}); // Completed, or exited or fatal: its events told why.
		const timeout = member.spec.timeout;
		const expired = timeout === null ? new Promise<boolean>(() => {}) : sleep(timeout, deadline.signal);
		if (await Promise.race([done.then(() => false), expired])) {
			events.publish({event: 'killing', name: member.name, reason: `shutdown task timed out after ${formatDuration(timeout!)}`});
			await member.kill('timed out'); // A failure: its exit says `cause timed out` (docs/restarts.md).
		}

		deadline.abort();
		await member.stop();
	};

	await Promise.all(tasks.map(async member => settle(member)));
}
