import type {ManagedProcess} from '../process/managed-process.js';

// Main first, then the sidecars one at a time in reverse start order, each gone before the next is signalled.
// Nothing restarts once shutdown begins: a sidecar that crashes while main stops stays down (docs/restarts.md).
// `afterMain` runs between main's stop and the sidecars' (the shutdown tasks).
export async function stopInOrder(main: ManagedProcess, startOrder: readonly ManagedProcess[], afterMain?: () => Promise<void>): Promise<void> {
	for (const member of startOrder) {
		member.holdRestarts();
	}

	await main.stop();
	await afterMain?.();
	for (const member of [...startOrder].reverse()) {
		if (member !== main) {
			await member.stop();
		}
	}
}
