import {setTimeout as sleep} from 'node:timers/promises';
import {liveGroups, signalGroup} from './group.js';
import {killProcessTree} from './kill-tree.js';
import {procRoot} from './proc-table.js';

// Once the root has exited, the group is polled: every 10 ms at first, then less often, so a grandchild that ignores
// the stop signal costs a few /proc passes a second over stopTimeout, not a hundred.
const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 200;

export type StopResult = 'exited' | 'killed';

// Resolves when `promise` settles or after `ms`, whichever is first, leaving no timer behind.
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([promise, new Promise(resolve => {
		timer = setTimeout(resolve, Math.max(0, ms));
	})]);
	clearTimeout(timer);
}

// Waits until none of `pgids` holds a live process, or the deadline; returns those that still do.
async function untilEmpty(pgids: Iterable<number>, deadline: number): Promise<Set<number>> {
	let left = liveGroups(pgids);
	for (let poll = FIRST_POLL_MS; left.size > 0 && Date.now() < deadline; poll = Math.min(poll * 2, MAX_POLL_MS)) {
		await sleep(Math.min(poll, deadline - Date.now()));
		left = liveGroups(left);
	}

	return left;
}

// stopSignal to the whole group, then wait for every member to go; after `timeout`, SIGKILL the tree
// (descendants that left the group too) and the group. `exited` is the root's own exit.
export async function stopGroup(pid: number, stopSignal: NodeJS.Signals, timeout: number, exited: Promise<unknown>): Promise<StopResult> {
	signalGroup(pid, stopSignal);
	signalGroup(pid, 'SIGCONT'); // A stopped process acts on the stop signal only once continued.
	let rootGone = false;
	const gone = exited.then(() => {
		rootGone = true;
	});
	const deadline = Date.now() + timeout;
	await within(gone, timeout); // No polling while the root runs: its exit ends the wait at once.
	if (rootGone && (await untilEmpty([pid], deadline)).size === 0) {
		return 'exited';
	}

	await killTree(pid, rootGone);
	await exited;
	return 'killed';
}

// SIGKILL everything: the tree while the root still links it together, then whatever is left in the group.
export async function killTree(pid: number, rootGone: boolean, root = procRoot()): Promise<void> {
	if (!rootGone && pid > 1) {
		await killProcessTree(pid, root);
	}

	signalGroup(pid, 'SIGKILL');
}

// Stops whatever is still alive in the process groups of earlier spawns (their leaders are gone): all of them at once,
// with the graceful path first and one deadline, so ten lingering groups cost one stopTimeout, not ten.
export async function stopLeftoverGroups(groups: Iterable<number>, stopSignal: NodeJS.Signals, timeout: number): Promise<void> {
	const live = liveGroups(groups);
	for (const pgid of live) {
		signalGroup(pgid, stopSignal);
		signalGroup(pgid, 'SIGCONT');
	}

	for (const pgid of await untilEmpty(live, Date.now() + timeout)) {
		signalGroup(pgid, 'SIGKILL');
	}
}
