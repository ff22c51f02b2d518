import {realKill} from '../signals/send.js';
import {realClock} from '../world.js';
import {isOwnChild, leaderRuns, liveGroups} from './group.js';
import {killProcessTree} from './kill-tree.js';
import {procRoot} from '../proc/proc-table.js';
import {endStrays, findStrays} from './strays.js';
import type {SubtreeReader} from '../proc/subtree-reader.js';
import type {World} from './world.js';

// Once the root has exited, the group is polled: every 10 ms at first, then less often, so a grandchild that ignores
// the stop signal costs a few /proc passes a second over stopTimeout, not a hundred.
const FIRST_POLL_MS = 10;
const MAX_POLL_MS = 200;

export type StopResult = 'exited' | 'killed';

// What a stop uses of the unit's world: its clock for stopTimeout, its kill for the stop signal and the SIGKILL of the
// group, its /proc for the tree.
export type StopWorld = Pick<World, 'now' | 'sleep' | 'kill' | 'procTable'> & {subtrees?: SubtreeReader};

// The wall clock and the OS, for a stop outside a unit (a test of this file alone).
const realStopWorld = (): StopWorld => ({...realClock, kill: realKill, procTable: procRoot()});

// Resolves when `promise` settles or after `ms`, whichever is first, leaving no timer behind.
async function within(promise: Promise<unknown>, ms: number, sleep: World['sleep']): Promise<void> {
	const timer = new AbortController();
	await Promise.race([promise, sleep(Math.max(0, ms), timer.signal)]);
	timer.abort();
}

// Waits until none of `pgids` holds a live process, or the deadline; returns those that still do.
async function untilEmpty(pgids: Iterable<number>, deadline: number, world: StopWorld): Promise<Set<number>> {
	const never = new AbortController().signal;
	let left = liveGroups(pgids, world.procTable);
	for (let poll = FIRST_POLL_MS; left.size > 0 && world.now() < deadline; poll = Math.min(poll * 2, MAX_POLL_MS)) {
		await world.sleep(Math.min(poll, deadline - world.now()), never);
		left = liveGroups(left, world.procTable);
	}

	return left;
}

// A signal to the group led by `pgid`; never to -1 or -0 (a spawn that failed has no pid).
const toGroup = (kill: World['kill']) => (pgid: number, signal: NodeJS.Signals): void => {
	if (pgid > 1) {
		kill(-pgid, signal);
	}
};

// stopSignal to the whole group, then wait for every member to go; after `timeout`, SIGKILL the tree
// (descendants that left the group too) and the group. `exited` is the root's own exit. A child without a group of
// its own (an interactive main, in the terminal's group, which is the supervisor's too) gets the signal alone.
export async function stopGroup(pid: number, stopSignal: NodeJS.Signals, timeout: number, exited: Promise<unknown>, ownGroup = true, world = realStopWorld()): Promise<StopResult> {
	const send = ownGroup ? toGroup(world.kill) : world.kill;
	const strays = findStrays(pid, world.procTable, world.subtrees); // Descendants outside the group, ended once the root is gone (docs/host.md).
	send(pid, stopSignal);
	send(pid, 'SIGCONT'); // A stopped process acts on the stop signal only once continued.
	let rootGone = false;
	const gone = exited.then(() => {
		rootGone = true;
	});
	const deadline = world.now() + timeout;
	await within(gone, timeout, world.sleep); // No polling while the root runs: its exit ends the wait at once.
	if (rootGone) {
		const [left, killed] = await Promise.all([untilEmpty([pid], deadline, world), endStrays(strays, stopSignal, deadline, world.procTable, world)]);
		if (left.size === 0) {
			return killed.length === 0 ? 'exited' : 'killed';
		}
	}

	await killTree(pid, rootGone, world.procTable, world.kill);
	await endStrays(strays, 'SIGKILL', world.now(), world.procTable, world); // The root gone meanwhile: they are out of its tree.
	await exited;
	return 'killed';
}

// SIGKILL everything: the tree while the root still links it together, then whatever is left in the group. A root that is
// no longer the supervisor's child (reaped, its pid recycled before the caller saw the exit) is someone else's process.
export async function killTree(pid: number, rootGone: boolean, root = procRoot(), kill: World['kill'] = realKill): Promise<void> {
	if (!rootGone && isOwnChild(pid, root)) {
		await killProcessTree(pid, root);
	} else if (leaderRuns(pid, root)) {
		return; // Not ours: neither it nor a group under its id.
	}

	toGroup(kill)(pid, 'SIGKILL');
}

// Stops whatever is still alive in the process groups of earlier spawns (their leaders are gone): all of them at once,
// with the graceful path first and one deadline, so ten lingering groups cost one stopTimeout, not ten. A group whose
// leader's pid runs again is another process's group under a recycled id, and is left alone.
export async function stopLeftoverGroups(groups: Iterable<number>, stopSignal: NodeJS.Signals, timeout: number, world = realStopWorld()): Promise<void> {
	const send = toGroup(world.kill);
	const live = new Set([...liveGroups(groups, world.procTable)].filter(pgid => !leaderRuns(pgid, world.procTable)));
	for (const pgid of live) {
		send(pgid, stopSignal);
		send(pgid, 'SIGCONT');
	}

	for (const pgid of await untilEmpty(live, world.now() + timeout, world)) {
		send(pgid, 'SIGKILL');
	}
}
