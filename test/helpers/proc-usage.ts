import {readFileSync} from 'node:fs';

// The kernel's clock ticks per second for /proc/PID/stat times (USER_HZ: 100 on every Linux ABI).
const TICKS_PER_SECOND = 100;

// CPU seconds (user + system) that `pid` has used so far, from /proc/PID/stat (fields 14 and 15).
export function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

// Resident memory of `pid` in bytes, from /proc/PID/status (VmRSS).
export function rssBytes(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'latin1');
	return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN) * 1024;
}

// Starts measuring `pid`; the returned function gives the cores it used on average since then.
export function cpuMeter(pid: number): () => number {
	const startCpu = cpuSeconds(pid);
	const startWall = performance.now();
	return () => (cpuSeconds(pid) - startCpu) / ((performance.now() - startWall) / 1000);
}
