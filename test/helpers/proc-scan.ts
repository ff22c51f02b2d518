import {readdirSync, readFileSync} from 'node:fs';
import type {ExecutionContext} from 'ava';
import {isAlive} from './processes.js';

// The running processes (zombies excluded) whose argv is exactly `argv`, found by a scan of /proc: a test gives
// what it starts a unique argument (`sleep 40.123`) and finds every copy, wherever it was reparented.
export function pidsWithArgv(argv: readonly string[]): number[] {
	const wanted = `${argv.join('\0')}\0`;
	return readdirSync('/proc').filter(name => /^\d+$/.test(name)).map(Number).filter(pid => {
		try {
			return readFileSync(`/proc/${pid}/cmdline`, 'latin1') === wanted && isAlive(pid);
		} catch {
			return false; // Gone meanwhile.
		}
	});
}

let count = 0;

// A `sleep` duration no other test uses (40.PPPPPNNN seconds), so pidsWithArgv(['sleep', it]) finds only ours.
export const uniqueSleep = (): string => `40.${String(process.pid).padStart(7, '0')}${String(++count).padStart(3, '0')}`;

// Resolves once no process runs `argv` (a SIGKILLed process is gone only when the kernel next schedules it);
// rejects with the survivors after `ms`.
export async function untilNoneRun(argv: readonly string[], ms = 3000): Promise<void> {
	const deadline = Date.now() + ms;
	while (pidsWithArgv(argv).length > 0) {
		if (Date.now() > deadline) {
			throw new Error(`still running after ${ms}ms: ${argv.join(' ')} (pids ${pidsWithArgv(argv).join(', ')})`);
		}

		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

// Samples the processes running `argv` every 20 ms until stop() (or the test's end): the most that ran at once,
// how many were seen, and the longest any one was seen to live (first to last sighting).
export function sampleArgv(t: ExecutionContext, argv: readonly string[]): {stop: () => {most: number; longestMs: number; seen: number}} {
	const firstSeen = new Map<number, number>();
	const lastSeen = new Map<number, number>();
	let most = 0;
	const sample = () => {
		const pids = pidsWithArgv(argv);
		const now = Date.now();
		most = Math.max(most, pids.length);
		for (const pid of pids) {
			firstSeen.set(pid, firstSeen.get(pid) ?? now);
			lastSeen.set(pid, now);
		}
	};

	const timer = setInterval(sample, 20);
	t.teardown(() => clearInterval(timer));
	sample();
	return {
		stop() {
			clearInterval(timer);
			sample();
			const lives = [...firstSeen].map(([pid, first]) => lastSeen.get(pid)! - first);
			return {most, longestMs: Math.max(0, ...lives), seen: firstSeen.size};
		},
	};
}
