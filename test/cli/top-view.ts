import test from 'ava';
import type {ProcessSnapshot, UnitSnapshot} from '../../lib/supervisor/snapshot.js';
import {HISTORY_LENGTH, renderTopScreen, UsageHistory} from '../../lib/cli/top-view.js';

const row = (name: string, pid: number | null, cpu: number | null, memory: number | null): ProcessSnapshot => ({
	name, group: null, kind: name === 'main' ? 'main' : 'sidecar', pid, state: pid === null ? 'backoff' : 'running', ready: pid !== null, statusText: null, healthy: true,
	restarts: 0, uptimeMs: pid === null ? null : 3_723_000, cpu, memory, limits: {enforcement: 'none'}, run: 'always', waitingFor: null, lastExit: null,
});
const unit: UnitSnapshot = {name: 'shop', supervisorPid: 4242, processes: [
	row('main', 43_001, 0.25, 41_943_040), row('logship', 43_002, 1.5, 123_456_789), row('metrics', null, null, null),
], groups: []};
const history = new UsageHistory();
for (let sample = 0; sample < HISTORY_LENGTH + 5; sample++) {
	history.record({...unit, processes: unit.processes.map(process => ({...process, cpu: process.cpu === null ? null : (process.cpu * (sample % 7)) / 7}))});
}

const screen = (columns: number) => renderTopScreen(unit, history, new Date(2025, 0, 1, 12, 0, 0), columns).trimEnd().split('\n');

const fits = test.macro((t, columns: number) => {
	for (const line of screen(columns)) {
		t.true(line.length <= columns, `${line.length} > ${columns}: ${JSON.stringify(line)}`);
	}
});

test('at 200 columns every line fits', fits, 200);
test('at 60 columns every line fits', fits, 60);
test('at 30 columns every line fits, a long line clipped', fits, 30);

test('at 200 columns every column shows, with the whole history', t => {
	const [title, , header, main] = screen(200);
	t.is(title, 'sidecar top: unit shop (supervisor pid 4242), 12:00:00; q or Ctrl-C quits');
	t.regex(header!, /^NAME\s+STATE\s+PID\s+UPTIME\s+CPU\s+CPU HISTORY\s+MEMORY\s+MEMORY HISTORY$/);
	const cpuHistory = /%\s+([▁▂▃▄▅▆▇█]+)\s+\d/.exec(main!)?.[1];
	t.is(cpuHistory?.length, HISTORY_LENGTH);
});

test('at 60 columns the history columns give way and the numbers stay', t => {
	const [title, , header, main, , metrics] = screen(60);
	t.is(title, 'shop 12:00:00; q quits');
	t.is(header, 'NAME     STATE    PID    UPTIME  CPU     MEMORY');
	t.regex(main!, /^main\s+running\s+43001\s+1h2m\s+25\.0%\s+40\.0MiB$/);
	t.regex(metrics!, /^metrics\s+backoff\s+-/);
});

test('at 80 columns the cpu history shrinks to fit beside the numbers', t => {
	const [, , header] = screen(80);
	t.regex(header!, /^NAME\s+STATE\s+PID\s+UPTIME\s+CPU\s+CPU HISTORY\s+MEMORY$/);
});
