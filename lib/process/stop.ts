import {setTimeout as sleep} from 'node:timers/promises';
import treeKill from 'tree-kill';
import {groupMembers, signalGroup} from './group.js';

const POLL_MS = 10;

export type StopResult = 'exited' | 'killed';

// stopSignal to the whole group, then wait for every member to go; after `timeout`, SIGKILL the tree
// (descendants that left the group too) and the group. `exited` is the root's own exit.
export async function stopGroup(pid: number, stopSignal: NodeJS.Signals, timeout: number, exited: Promise<unknown>): Promise<StopResult> {
	signalGroup(pid, stopSignal);
	signalGroup(pid, 'SIGCONT'); // A stopped process acts on the stop signal only once continued.
	let rootGone = false;
	void exited.then(() => {
		rootGone = true;
	});
	const deadline = Date.now() + timeout;
	while (Date.now() < deadline) {
		if (rootGone && groupMembers(pid).length === 0) {
			return 'exited';
		}

		await (rootGone ? sleep(POLL_MS) : Promise.race([sleep(POLL_MS), exited]));
	}

	await killTree(pid, rootGone);
	await exited;
	return 'killed';
}

// SIGKILL everything: the tree while the root still links it together, then whatever is left in the group.
export async function killTree(pid: number, rootGone: boolean): Promise<void> {
	if (!rootGone) {
		await new Promise<void>(resolve => {
			treeKill(pid, 'SIGKILL', () => resolve());
		});
	}

	signalGroup(pid, 'SIGKILL');
}

// Stops whatever is still alive in process groups of earlier spawns, each with the graceful path first.
export async function stopLeftoverGroups(groups: Iterable<number>, stopSignal: NodeJS.Signals, timeout: number): Promise<void> {
	for (const group of groups) {
		if (groupMembers(group).length > 0) {
			await stopGroup(group, stopSignal, timeout, Promise.resolve());
		}
	}
}
