import {readFileSync} from 'node:fs';

// True while `pid` runs (a zombie counts as gone: it runs no code and some pid 1s never reap it).
export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}

	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
		return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
	} catch {
		return false;
	}
}

// The pids still running among `pids`.
export const survivors = (pids: readonly number[]): number[] => pids.filter(pid => isAlive(pid));

// Every JSON line of a `--log-format json` output.
export const jsonLines = (text: string): Array<Record<string, unknown>> =>
	text.split('\n').filter(line => line.startsWith('{')).map(line => JSON.parse(line) as Record<string, unknown>);
