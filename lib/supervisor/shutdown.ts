import type {ManagedProcess} from '../process/managed-process.js';

// Main first, then the sidecars one at a time in reverse start order, each gone before the next is signalled.
export async function stopInOrder(main: ManagedProcess, startOrder: readonly ManagedProcess[]): Promise<void> {
	await main.stop();
	for (const process of [...startOrder].reverse()) {
		if (process !== main) {
			await process.stop();
		}
	}
}
