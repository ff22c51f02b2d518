import {readFileSync, writeFileSync} from 'node:fs';
import {createInterface} from 'node:readline';
import test from 'ava';
import {MAX_LINE_BYTES} from '../../lib/logs/lines.js';
import {startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';

const MIB = 1024 * 1024;
const LINE_MIB = 50;

// A field of /proc/PID/status in bytes (VmRSS, VmHWM: reported in kB).
const statusBytes = (pid: number, field: string): number =>
	Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

// Writing 5 to clear_refs resets VmHWM to the current RSS (proc(5)), so the peak read later is the flood's own.
const canResetPeak = (() => {
	try {
		writeFileSync(`/proc/${process.pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
})();

(canResetPeak ? test : test.skip)(`a ${LINE_MIB} MiB line with no newline costs the supervisor no more than reading it does, and is printed as 1 MiB pieces`, async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {name: `long-line-${process.pid}`, main: {command: fixture('long-line.js', String(LINE_MIB))}}});
	const supervisor = startCli(t, ['run'], {cwd, buffer: false});
	const pieces: number[] = [];
	let mainPid = 0;
	const seen = new Map<string, () => void>();
	const until = async (what: string) => new Promise<void>(resolve => {
		seen.set(what, resolve);
	});
	const ready = until('ready');
	const done = until('done');
	for (const stream of [supervisor.stdout!, supervisor.stderr!]) {
		createInterface({input: stream, crlfDelay: Number.POSITIVE_INFINITY}).on('line', line => {
			const text = line.slice(line.indexOf('| ') + 2);
			const started = /main starting \(pid (\d+)\)/.exec(line);
			if (started !== null) {
				mainPid = Number(started[1]);
			} else if (/^x+$/.test(text)) {
				pieces.push(text.length);
			} else {
				seen.get(text)?.();
			}
		});
	}

	await ready;
	const idle = statusBytes(supervisor.pid!, 'VmRSS');
	writeFileSync(`/proc/${supervisor.pid!}/clear_refs`, '5');
	process.kill(mainPid, 'SIGUSR2');
	await done;
	const peak = statusBytes(supervisor.pid!, 'VmHWM');
	t.log(`supervisor RSS idle ${(idle / MIB).toFixed(1)} MiB, peak while printing the line ${(peak / MIB).toFixed(1)} MiB`);
	supervisor.kill('SIGTERM');
	await supervisor;
	// Node's pipe reads hold their 64 KiB buffers until a GC; a bare reader that only counts the bytes peaks ~27 MiB
	// over idle, and so did the supervisor (before the line buffer kept chunks, ~68 MiB). A minor GC after every 1 MiB
	// of unbroken output (lib/logs/collect-young.ts) keeps it to a few MiB (docs/lifecycle.md, Logs).
	t.true(peak - idle <= 10 * MIB, `peak ${((peak - idle) / MIB).toFixed(1)} MiB over idle`);
	t.is(pieces.length, LINE_MIB);
	t.true(pieces.every(length => length === MAX_LINE_BYTES), `piece lengths: ${[...new Set(pieces)].join(', ')}`);
});
