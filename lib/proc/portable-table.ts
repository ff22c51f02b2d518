import {execFile} from 'node:child_process';
import type {Linked} from './proc-table.js';

// Parent links of every process from one `ps -A` run, for hosts without /proc (macOS, the BSDs); rejects without ps.
export async function readPsLinks(): Promise<Map<number, Linked>> {
	const stdout = await new Promise<string>((resolve, reject) => {
		execFile('ps', ['-A', '-o', 'pid=,ppid='], {maxBuffer: 16 * 1024 * 1024}, (error, output) => {
			if (error === null) {
				resolve(output);
			} else {
				reject(error);
			}
		});
	});
	const links = new Map<number, Linked>();
	for (const line of stdout.split('\n')) {
		const [pid, ppid] = line.trim().split(/\s+/).map(Number);
		if (pid !== undefined && ppid !== undefined && pid > 0) {
			links.set(pid, {pid, ppid});
		}
	}

	return links;
}

// What pidusage says of each of `pids` (through `ps`, as on macOS, also when the /proc table is turned off on Linux):
// cpu as clock ticks at 100 Hz (its `ctime`: user + system ms), rss in bytes. Gone processes are left out; no ps, no figures.
export async function readPidUsage(pids: readonly number[]): Promise<Map<number, {pid: number; ppid: number; ticks: number; childTicks: number; rss: number}>> {
	if (pids.length === 0) {
		return new Map();
	}

	// Loaded on first use: on Linux the supervisor never needs it. maxage 0: pidusage keeps no history of its own (its
	// cpu % is not used; the poller computes cores from ctime).
	const {default: pidusage} = await import('pidusage');
	const stats = await pidusage([...pids], {usePs: true, maxage: 0}).catch(() => ({}));
	return new Map(Object.values(stats).filter(stat => stat !== undefined && stat !== null).map(stat =>
		[stat.pid, {pid: stat.pid, ppid: stat.ppid, ticks: stat.ctime / 10, childTicks: 0, rss: stat.memory}]));
}
