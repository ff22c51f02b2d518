import {readFileSync} from 'node:fs';

// In the environment of every one-shot command (exec probes, hooks, systemd-notify): `PID:START` of the supervisor
// that ran it, the pair the leftovers record names it by, so the next start after a `kill -9` ends what such a
// command left running, its own process group included (docs/host.md, leftovers record).
export const ONE_SHOT_VAR = 'SIDECAR_ONE_SHOT_OF';

// `PID:START` of a process (start: /proc/PID/stat field 22, clock ticks since boot); undefined without /proc.
export function oneShotMark(pid = process.pid, root = '/proc'): string | undefined {
	try {
		const text = readFileSync(`${root}/${pid}/stat`, 'latin1');
		return `${pid}:${text.slice(text.lastIndexOf(')') + 2).split(' ')[19]}`;
	} catch {
		return undefined;
	}
}
