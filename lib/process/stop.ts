import {setTimeout as sleep} from 'node:timers/promises';
import {trySignal} from '../signals/send.js';
import {isOwnChild, leaderRuns, liveGroups, signalGroup} from './group.js';
import {killProcessTree} from './kill-tree.js';
import {procRoot} from '../proc/proc-table.js';
import {endStrays, findStrays} from './strays.js';

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
// (descendants that left the group too) and the group. `exited` is the root's own exit. A child without a group of
// its own (an interactive main, in the terminal's group, which is the supervisor's too) gets the signal alone.
export async function stopGroup(pid: number, stopSignal: NodeJS.Signals, timeout: number, exited: Promise<unknown>, ownGroup = true): Promise<StopResult> {
	const send = ownGroup ? signalGroup : trySignal;
	const strays = findStrays(pid); // Descendants outside the group, ended once the root is gone (docs/host.md).
	send(pid, stopSignal);
	send(pid, 'SIGCONT'); // A stopped process acts on the stop signal only once continued.
	let rootGone = false;
	const gone = exited.then(() => {
		rootGone = true;
	});
	const deadline = Date.now() + timeout;
	await within(gone, timeout); // No polling while the root runs: its exit ends the wait at once.
	if (rootGone) {
		const [left, killed] = await Promise.all([untilEmpty([pid], deadline), endStrays(strays, stopSignal, deadline)]);
		if (left.size === 0) {
			return killed.length === 0 ? 'exited' : 'killed';
		}
	}

	await killTree(pid, rootGone);
	await endStrays(strays, 'SIGKILL', Date.now()); // The root gone meanwhile: they are out of its tree.
	await exited;
	return 'killed';
}

// SIGKILL everything: the tree while the root still links it together, then whatever is left in the group. A root that is
// no longer the supervisor's child (reaped, its pid recycled before the caller saw the exit) is someone else's process.
export async function killTree(pid: number, rootGone: boolean, root = procRoot()): Promise<void> {
	if (!rootGone && isOwnChild(pid, root)) {
		await killProcessTree(pid, root);
	} else if (leaderRuns(pid, root)) {
		return; // Not ours: neither it nor a group under its id.
	}

	signalGroup(pid, 'SIGKILL');
}

// Stops whatever is still alive in the process groups of earlier spawns (their leaders are gone): all of them at once,
// with the graceful path first and one deadline, so ten lingering groups cost one stopTimeout, not ten. A group whose
// leader's pid runs again is another process's group under a recycled id, and is left alone.
export async function stopLeftoverGroups(groups: Iterable<number>, stopSignal: NodeJS.Signals, timeout: number): Promise<void> {
	const live = new Set([...liveGroups(groups)].filter(pgid => !leaderRuns(pgid)));
	for (const pgid of live) {
		signalGroup(pgid, stopSignal);
		signalGroup(pgid, 'SIGCONT');
	}

	for (const pgid of await untilEmpty(live, Date.now() + timeout)) {
		signalGroup(pgid, 'SIGKILL');
	}
}
