import type {ManagedProcess} from '../process/managed-process.js';

// Main first, then the sidecars one at a time in reverse start order, each gone before the next is signalled.
// Nothing restarts once shutdown begins: a sidecar that crashes while main stops stays down (issue 3).
export async function stopInOrder(main: ManagedProcess, startOrder: readonly ManagedProcess[]): Promise<void> {
	for (const process of startOrder) {
		process.holdRestarts();
	}

	await main.stop();
	for (const process of [...startOrder].reverse()) {
		if (process !== main) {
			await process.stop();
		}
	}
}
