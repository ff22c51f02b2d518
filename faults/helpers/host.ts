import {readdirSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

// Fault fixtures stay as .js in faults/fixtures; the tests run from dist/faults.
const FIXTURES = fileURLToPath(new URL('../../../faults/fixtures/', import.meta.url));
export const faultFixture = (name: string, ...args: string[]): string[] => [process.execPath, `${FIXTURES}${name}`, ...args];

type Stat = {pid: number; ppid: number; state: string};

const readStat = (pid: number): Stat | undefined => {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		return {pid, ppid: Number(fields[1]), state: fields[0]!};
	} catch {
		return undefined;
	}
};

const allPids = (): number[] => readdirSync('/proc').filter(name => /^\d+$/.test(name)).map(Number);

// Every process under root (root excluded), zombies included, found through parent links.
export function descendantStats(root: number): Stat[] {
	const stats = allPids().map(pid => readStat(pid)).filter((stat): stat is Stat => stat !== undefined);
	const tree: Stat[] = [];
	const parents = new Set([root]);
	for (let grew = true; grew;) {
		grew = false;
		for (const stat of stats) {
			if (parents.has(stat.ppid) && !parents.has(stat.pid)) {
				parents.add(stat.pid);
				tree.push(stat);
				grew = true;
			}
		}
	}

	return tree;
}

// Every running process whose environment carries SIDECAR_SUPERVISOR_PID=pid: the children of that supervisor,
// and their descendants, even those that left its tree. Zombies do not count (they run no code).
export function processesOf(supervisorPid: number): number[] {
	const marker = `\0SIDECAR_SUPERVISOR_PID=${supervisorPid}\0`;
	return allPids().filter(pid => {
		try {
			return readStat(pid)?.state !== 'Z' && `\0${readFileSync(`/proc/${pid}/environ`, 'latin1')}`.includes(marker);
		} catch {
			return false;
		}
	});
}

// RSS in MiB and open file descriptors of one process.
export function footprint(pid: number): {rss: number; fds: number} {
	const rss = Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1] ?? 0) / 1024;
	return {rss, fds: readdirSync(`/proc/${pid}/fd`).length};
}

// A TCP port free right now on 127.0.0.1 (the suite's one helper for it).
export {freePort} from '../../test/helpers/ports.js';

export const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
