import type {ManagedProcess} from '../process/managed-process.js';

// Main first, then the sidecars one at a time in reverse start order, each gone before the next is signalled.
// Nothing restarts once shutdown begins: a sidecar that crashes while main stops stays down (docs/restarts.md).
export async function stopInOrder(main: ManagedProcess, startOrder: readonly ManagedProcess[]): Promise<void> {
	for (const member of startOrder) {
		member.holdRestarts();
	}

	await main.stop();
	for (const member of [...startOrder].reverse()) {
		if (member !== main) {
			await member.stop();
		}
	}
}
