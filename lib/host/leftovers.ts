import {mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises'; // A host job before the unit starts, not unit logic.
import {ONE_SHOT_VAR} from '../one-shot-mark.js';
import {signalGroup} from '../process/group.js';
import {isGone, procRoot, readProcEntry, readProcTable, type ProcEntry} from '../proc/proc-table.js';
import {trySignal} from '../signals/send.js';

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

// A process's start time (clock ticks since boot), which with its pid names it; null when it is gone, or where the
// supervisor has no /proc table (then no record can prove anything, and the next run ends nothing).
export function startTime(pid: number, root = procRoot()): number | null {
	return root === null ? null : readProcEntry(pid, root)?.start ?? null;
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

function readUnitRecord(file: string): UnitRecord | null {
	try {
		const record = JSON.parse(readFileSync(file, 'utf8')) as UnitRecord;
		return Array.isArray(record.groups) && Array.isArray(record.marker) ? record : null;
	} catch {
		return null;
	}
}

// The record's supervisor still runs: a twin with the same name, which the control socket will refuse.
export function isLiveTwin(file: string): boolean {
	const record = readUnitRecord(file);
	return record !== null && record.supervisor.pid !== process.pid && isSame(record.supervisor.pid, record.supervisor.start);
}

const isSame = (pid: number, start: number, root = procRoot()): boolean => {
	const entry = root === null ? undefined : readProcEntry(pid, root);
	return !isGone(entry) && entry!.start === start;
};

// Does the process carry every `KEY=value` of one of the markers (inherited from the dead supervisor)?
function carriesMarker(pid: number, markers: ReadonlyArray<readonly string[]>): boolean {
	try {
		const environment = new Set(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0'));
		return markers.some(marker => marker.every(entry => environment.has(entry)));
	} catch {
		return false; // Not ours to read (another user's), or gone.
	}
}

// The unit's children carry its marker; one-shot commands (exec probes, hooks) carry their supervisor's pid and start
// time (one-shot-mark.ts), which name it alone only when it was another process: one process may run several units.
const markersOf = (record: UnitRecord): string[][] => record.supervisor.pid === process.pid
	? [record.marker]
	: [record.marker, [`${ONE_SHOT_VAR}=${record.supervisor.pid}:${record.supervisor.start}`]];

// Ends, with SIGKILL, what a SIGKILLed predecessor with the same record file left running, counting as its own only:
// a recorded group leader whose start time still matches (then its whole group), and any process started after
// the predecessor that still carries its marker environment (a grandchild that left the group with setsid, what an
// exec probe or a hook forked).
// A live predecessor (a twin) is left alone, and a recycled pid never matches. Returns the pids it ended.
export async function endLeftovers(file: string, waitMs = 2000): Promise<number[]> {
	const record = readUnitRecord(file);
	const root = procRoot();
	if (record === null || root === null || isLiveTwin(file)) {
		return [];
	}

	const groups = record.groups.filter(({pgid, start}) => pgid !== process.pid && isSame(pgid, start, root));
	const isOurs = (entry: ProcEntry) => groups.some(({pgid}) => pgid === entry.pgrp)
		|| (entry.start >= record.supervisor.start && carriesMarker(entry.pid, markersOf(record)));
	const ended = [...readProcTable(root).values()].filter(entry => !isGone(entry) && entry.pid !== process.pid && isOurs(entry)).map(({pid}) => pid);
	for (const {pgid} of groups) {
		signalGroup(pgid, 'SIGKILL');
	}

	for (const pid of ended) {
		trySignal(pid, 'SIGKILL'); // False: gone with its group.
	}

	const deadline = Date.now() + waitMs;
	while (ended.some(pid => !isGone(readProcEntry(pid, root))) && Date.now() < deadline) {
		await sleep(10);
	}

	removeRecord(file);
	return ended;
}
