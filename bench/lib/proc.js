// What /proc says about processes: trees, memory, cpu ticks. Linux only (the bench measures Linux).
import {readdirSync, readFileSync} from 'node:fs';
import {setTimeout as sleep} from 'node:timers/promises';

// Every process as {pid, ppid, state, ticks (utime + stime)}, from one pass over /proc.
export function processTable() {
	const table = new Map();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) {
			continue;
		}

		const entry = stat(Number(name));
		if (entry !== null) {
			table.set(entry.pid, entry);
		}
	}

	return table;
}

// One process's /proc/PID/stat, fields counted from the last ')' (comm may hold spaces); null when gone.
export function stat(pid) {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		return {pid, ppid: Number(fields[1]), state: fields[0], ticks: Number(fields[11]) + Number(fields[12])};
	} catch {
		return null;
	}
}

// CPU time of every thread of pid so far, in ms, from the scheduler's own count (/proc/PID/task/TID/schedstat,
// nanoseconds): exact, where utime + stime are sampled at the 100 Hz tick and a process that wakes for a moment
// is charged a whole tick or nothing. 0 once it is gone.
export function cpuMs(pid) {
	let ns = 0;
	try {
		for (const task of readdirSync(`/proc/${pid}/task`)) {
			ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'latin1').split(' ')[0]);
		}
	} catch {}

	return ns / 1e6;
}

// The pids under root (root included), found through parent links.
export function descendants(root, table = processTable()) {
	const children = new Map();
	for (const {pid, ppid} of table.values()) {
		children.set(ppid, [...(children.get(ppid) ?? []), pid]);
	}

	const tree = table.has(root) ? [root] : [];
	for (let i = 0; i < tree.length; i++) {
		tree.push(...(children.get(tree[i]) ?? []));
	}

	return tree;
}

// A field of /proc/PID/status in KiB (VmRSS, VmHWM); 0 when the process is gone.
export function statusKiB(pid, field) {
	try {
		const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
		return match === null ? 0 : Number(match[1]);
	} catch {
		return 0;
	}
}

// Running, and not a zombie (a zombie runs no code; pid 1 here may be slow to reap it).
export function isAlive(pid) {
	const entry = stat(pid);
	return entry !== null && entry.state !== 'Z' && entry.state !== 'X';
}

// Polls predicate every `every` ms until it returns something truthy; throws after ms.
export async function waitFor(predicate, ms = 15_000, what = 'condition', every = 5) {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = await predicate();
		if (value) {
			return value;
		}

		if (Date.now() > deadline) {
			throw new Error(`timed out after ${ms} ms waiting for ${what}`);
		}

		await sleep(every);
	}
}

// Like waitFor, but a timeout resolves undefined (an outcome to record, not an error).
export const waitOrUndefined = async (predicate, ms, every = 2) => waitFor(predicate, ms, '', every).catch(() => undefined);

// SIGKILL every pid still alive (teardown between runs: nothing of one run may leak into the next).
export function killAll(pids) {
	for (const pid of pids) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	}
}

// Monotonic time in ms (CLOCK_MONOTONIC, the same clock in every process of the machine).
export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
