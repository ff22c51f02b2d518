import {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {signalGroup} from './group.js';

// A process as /proc tells it: its group and its start time (field 22 of /proc/PID/stat, clock ticks since boot).
// The pair (pid, start) names one process for the life of the host: a recycled pid has a later start.
export type ProcStat = {pid: number; pgrp: number; start: number; zombie: boolean};

// What the unit has running, on disk, so the next `sidecar run` with the same name can end what a SIGKILLed
// supervisor left behind. `marker` is the environment every child inherits from this supervisor.
export type UnitRecord = {
	supervisor: {pid: number; start: number};
	marker: string[];
	watcher: number | null;
	groups: Array<{pgid: number; start: number}>;
};

// `NAME.sock` → `NAME.pids`, beside the control socket (a 0700 directory of the supervisor's user).
export const recordPath = (socketPath: string): string => socketPath.replace(/\.sock$/, '') + '.pids';

// null when the process is gone (or this is not Linux: no /proc, and then no record is kept).
export function procStat(pid: number): ProcStat | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return {pid, pgrp: Number(fields[2]), start: Number(fields[19]), zombie: fields[0] === 'Z' || fields[0] === 'X'};
	} catch {
		return null;
	}
}

// Written whole and renamed into place, so a SIGKILL mid-write never leaves half a record.
export function writeRecord(file: string, record: UnitRecord): void {
	mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	writeFileSync(`${file}.tmp`, JSON.stringify(record));
	renameSync(`${file}.tmp`, file);
}

export function removeRecord(file: string): void {
	rmSync(file, {force: true});
}

function readRecord(file: string): UnitRecord | null {
	try {
		const record = JSON.parse(readFileSync(file, 'utf8')) as UnitRecord;
		return Array.isArray(record.groups) && Array.isArray(record.marker) ? record : null;
	} catch {
		return null;
	}
}

// The record's supervisor still runs: a twin with the same name, which the control socket will refuse.
export function isLiveTwin(file: string): boolean {
	const record = readRecord(file);
	return record !== null && record.supervisor.pid !== process.pid && isSame(record.supervisor.pid, record.supervisor.start);
}

const isSame = (pid: number, start: number): boolean => {
	const stat = procStat(pid);
	return stat !== null && !stat.zombie && stat.start === start;
};

// Does the process carry every `KEY=value` of the marker (inherited from the dead supervisor)?
function carriesMarker(pid: number, marker: readonly string[]): boolean {
	try {
		const environment = new Set(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0'));
		return marker.every(entry => environment.has(entry));
	} catch {
		return false; // Not ours to read (another user's), or gone.
	}
}

// Ends, with SIGKILL, what a SIGKILLed predecessor with the same record file left running, counting as its own only:
// a recorded group leader whose start time still matches (then its whole group), and any process started after
// the predecessor that still carries its marker environment (a grandchild that left the group with setsid).
// A live predecessor (a twin) is left alone, and a recycled pid never matches. Returns the pids it ended.
export async function endLeftovers(file: string, waitMs = 2000): Promise<number[]> {
	const record = readRecord(file);
	if (record === null || isLiveTwin(file)) {
		return [];
	}

	const groups = record.groups.filter(({pgid, start}) => pgid !== process.pid && isSame(pgid, start));
	const isOurs = (stat: ProcStat) => groups.some(({pgid}) => pgid === stat.pgrp)
		|| (stat.start >= record.supervisor.start && carriesMarker(stat.pid, record.marker));
	const ended = allProcesses().filter(stat => !stat.zombie && stat.pid !== process.pid && isOurs(stat)).map(({pid}) => pid);
	for (const {pgid} of groups) {
		signalGroup(pgid, 'SIGKILL');
	}

	for (const pid of ended) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {} // Gone with its group.
	}

	const deadline = Date.now() + waitMs;
	while (ended.some(pid => isAliveProcess(pid)) && Date.now() < deadline) {
		await sleep(10);
	}

	removeRecord(file);
	return ended;
}

const isAliveProcess = (pid: number): boolean => {
	const stat = procStat(pid);
	return stat !== null && !stat.zombie;
};

function allProcesses(): ProcStat[] {
	let entries: string[] = [];
	try {
		entries = readdirSync('/proc');
	} catch {}

	return entries.filter(entry => /^\d+$/.test(entry)).map(entry => procStat(Number(entry))).filter(stat => stat !== null);
}
