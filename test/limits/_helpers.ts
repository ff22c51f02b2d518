import type {ExecutionContext} from 'ava';
import {execa, type ResultPromise} from 'execa';
import {detectEnforcement} from '../../lib/limits/enforcement.js';
import {descendants, readProcTable} from '../../lib/proc/proc-table.js';
import {fixture as sharedFixture} from '../helpers/fixtures.js';

// The shared helpers, re-exported so the limits tests read as before.
export {FIXTURES} from '../helpers/fixtures.js';
import {waitFor} from '../helpers/wait-for.js';

export {waitFor};

// argv running a fixture with this node (numbers allowed, unlike test/helpers/fixtures.ts).
export const fixture = (name: string, ...args: Array<string | number>): string[] => sharedFixture(name, ...args.map(String));

// Every pid of the tree under root, from one /proc snapshot.
export const treePids = async (root: number): Promise<number[]> => descendants(readProcTable(), root);

// SIGCONT then SIGKILL a whole tree: teardown must not leave a stopped or running process behind.
export async function killTree(root: number): Promise<void> {
	for (const pid of await treePids(root)) {
		for (const signal of ['SIGCONT', 'SIGKILL'] as const) {
			try {
				process.kill(pid, signal);
			} catch {}
		}
	}
}

// Spawn argv as the supervisor would (own process group), optionally wait for a stdout line matching `ready`,
// and kill the whole tree at teardown. output() is everything printed so far.
export async function start(t: ExecutionContext, argv: string[], ready?: RegExp): Promise<Started> {
	const [file = '', ...args] = argv;
	const child = execa(file, args, {reject: false, detached: true, stdin: 'ignore', stderr: 'inherit', buffer: false});
	const pid = child.pid!;
	let seen = '';
	child.stdout.on('data', (chunk: Buffer) => {
		seen += chunk.toString();
	});
	t.teardown(async () => {
		await killTree(pid);
		child.kill('SIGKILL');
		await child;
	});
	if (ready !== undefined) {
		await waitFor(() => ready.test(seen), 10_000, `${ready} on stdout`);
	}

	return {pid, child, output: () => seen};
}

export type Started = {pid: number; child: ResultPromise; output: () => string};

// The tree's cpu in ticks (utime+stime, plus reaped children) from /proc: the figure the issue measures by.
export async function treeTicks(root: number): Promise<number> {
	const table = readProcTable();
	return descendants(table, root).reduce((sum, pid) => sum + table.get(pid)!.ticks + table.get(pid)!.childTicks, 0);
}

// The v1 roots when this process may create cgroups in them, else why not.
export async function v1Roots(): Promise<{memory: string; cpu: string} | string> {
	if (process.getuid?.() !== 0) {
		return 'not running as root';
	}

	const detected = detectEnforcement();
	return detected.v1 ?? (detected.reasons.join('; ') || 'no cgroup v1');
}

// A unit name no other test file (or earlier run) shares.
export const unitName = (label: string): string => `test-${label}-${process.pid}`;
