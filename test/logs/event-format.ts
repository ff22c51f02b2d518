import {Writable} from 'node:stream';
import test from 'ava';
import {UnitEvents, type UnitEvent} from '../../lib/events/unit-events.js';
import {printToConsole} from '../../lib/logs/console.js';
import {formatEvent} from '../../lib/logs/event-format.js';
import {OutputSink} from '../../lib/logs/sink.js';
import {stripAnsi} from '../helpers/cli.js';

// The golden test of the printed log format (docs/logs.md): one example of every event kind through the console, in
// both formats, compared byte for byte. A change here changes what users' log pipelines read: make it on purpose.
const NOW = new Date('2026-01-02T03:04:05.678Z');

const examples: UnitEvent[] = [
	{event: 'line', name: 'web', stream: 'stdout', block: Buffer.from('one\ntwo "quoted"\n')},
	{event: 'line', name: 'logship', stream: 'stderr', block: Buffer.from('oops\n')},
	{event: 'state', name: 'web', from: 'starting', to: 'ready'},
	{event: 'unit-state', name: 'demo'},
	{event: 'starting', name: 'web', pid: 101},
	{event: 'starting', name: 'missing'},
	{event: 'ready', name: 'web', pid: 101, probe: 'tcp', after: '1.2s'},
	{event: 'ready', name: 'db', pid: null},
	{event: 'ready', name: 'web', pid: 101, probe: 'http', again: true},
	{event: 'not-ready', name: 'web', pid: 101, reason: 'connection refused'},
	{event: 'notified', name: 'web', message: 'READY=1\nSTATUS=up'},
	{event: 'hook', name: 'web', hook: 'postStart', pid: 102, result: 'failed', reason: 'exit code 1'},
	{event: 'hook', name: 'web', hook: 'preStop', pid: 103, result: 'ok'},
	{event: 'draining', name: 'logship', pid: 104, how: 'http probe localhost:9000/drained', timeoutMs: 5000},
	{event: 'drained', name: 'logship', pid: 104, result: 'timed out', ms: 5001, reason: 'still busy'},
	{event: 'exited', name: 'web', pid: 101, code: 1, signal: null, stderr: ['Error: boom', '    at main']},
	{event: 'exited', name: 'logship', pid: 104, code: null, signal: 'SIGTERM', stopped: true},
	{event: 'exited', name: 'missing', code: null, signal: null, error: 'ENOENT', cause: undefined},
	{event: 'restarting', name: 'web', delayMs: 200, restarts: 2, reason: 'exit code 1'},
	{event: 'fatal', name: 'web', reason: 'too many restarts', code: 1, signal: null, restarts: 5, windowMs: 60_000, stderr: ['Error: boom']},
	{event: 'unhealthy', name: 'web', pid: 101, reason: 'timed out', action: 'restart', stderr: []},
	{event: 'waiting', name: 'db', for: 'tcp probe db.internal:5432'},
	{event: 'limit', name: 'web', resource: 'memory', reason: 'over-limit', usage: 300, limit: 256, enforcement: 'polling', action: 'restart'},
	{event: 'limit', name: 'web', resource: 'cpu', reason: 'oom-kill', usage: null, limit: null, enforcement: 'cgroup'},
	{event: 'stopping', name: 'web', pid: 101, signal: 'SIGTERM', reason: 'unit stopping'},
	{event: 'stopping', name: 'demo', reason: 'SIGTERM'},
	{event: 'stopped', name: 'web', pid: 101, how: 'SIGKILL after 10000ms'},
	{event: 'stopped', name: 'logship', pid: 104},
	{event: 'killing', name: 'demo', reason: 'received SIGINT again'},
	{event: 'reloaded', name: 'demo', added: ['a', 'b'], changed: [], removed: ['c']},
	{event: 'reloaded', name: 'demo', added: [], changed: [], removed: []},
	{event: 'scale', name: 'worker', from: 4, to: 6, configured: 4},
	{event: 'degraded', name: 'worker', ready: 2, desired: 3},
	{event: 'degraded', name: 'worker', ready: 0, desired: 3, fatal: true},
	{event: 'recovered', name: 'worker', ready: 3, desired: 3},
	{event: 'leftovers', name: 'demo', ended: [4242, 4343], reason: 'left running by a supervisor that was killed'},
	{event: 'logfile-failed', name: 'web', file: '/var/log/web.log', reason: 'ENOSPC'},
	{event: 'notify-failed', name: 'demo', reason: 'ECONNREFUSED'},
	{event: 'notification-failed', name: 'web', kind: 'restart', hook: 'sidecars.web.on.restart', reason: 'timed out after 10s'},
	{event: 'watchdog', name: 'demo', pinging: false, reason: 'main is failing'},
	{event: 'watchdog', name: 'demo', pinging: true},
	{event: 'metrics', name: 'demo', url: 'http://127.0.0.1:9100/metrics'},
	{event: 'helper-missing', name: 'demo', program: 'ps', lost: 'process trees on stop', reason: 'ENOENT'},
	{event: 'schedule-fired', name: 'renew', reason: 'schedule', for: '2026-03-30T01:00:00.000Z'},
	{event: 'schedule-skipped', name: 'renew', reason: 'the last run still runs (overlap \'skip\')'},
	{event: 'schedule-failing', name: 'renew', failures: 3, critical: true},
	{event: 'schedule-paused', name: 'renew', paused: true},
	{event: 'schedule-state', name: 'demo', file: '/state/demo.schedules.json', reason: 'no such file: nothing to catch up'},
];

const expectedJson = `{"time":"2026-01-02T03:04:05.678Z","name":"web","stream":"stdout","line":"one"}
{"time":"2026-01-02T03:04:05.678Z","name":"web","stream":"stdout","line":"two \\"quoted\\""}
{"time":"2026-01-02T03:04:05.678Z","name":"logship","stream":"stderr","line":"oops"}
{"time":"2026-01-02T03:04:05.678Z","name":"web","event":"starting","pid":101}
{"time":"2026-01-02T03:04:05.678Z","name":"missing","event":"starting"}
{"time":"2026-01-02T03:04:05.678Z","name":"web","event":"ready","pid":101,"probe":"tcp","after":"1.2s"}
{"time":"2026-01-02T03:04:05.678Z","name":"db","event":"ready","pid":null}
{"time":"2026-01-02T03:04:05.678Z","name":"web","event":"ready","pid":101,"probe":"http","again":true}
{"time":"2026-01-02T03:04:05.678Z","name":"web","event":"not-ready","pid":101,"reason":"connection refused"}
{"time":"2026-01-02T03:04:05.678Z","name":"web","event":"hook","hook":"postStart","pid":102,"result":"failed","reason":"exit code 1"}
{"time":"2026-01-02T03:04:05.678Z","name":"web","event":"hook","hook":"preStop","pid":103,"result":"ok"}
{"time":"2026-01-02T03:04:05.678Z","name":"logship","event":"draining","pid":104,"how":"http probe localhost:9000/drained","timeoutMs":5000}
{"time":"2026-01-02T03:04:05.678Z","name":"logship","event":"drained","pid":104,"result":"timed out","ms":5001,"reason":"still busy"}
{"time":"2026-01-02T03:04:05.678Z","name":"web","event":"exited","pid":101,"code":1,"signal":null,"stderr":["Error: boom","    at main"]}
{"time":"2026-01-02T03:04:05.678Z","name":"logship","event":"exited","pid":104,"code":null,"signal":"SIGTERM","stopped":true}
{"time":"2026-01-02T03:04:05.678Z","name":"missing","event":"exited","code":null,"signal":null,"error":"ENOENT"}
{"time":"2026-01-02T03:04:05.678Z","name":"web","event":"restarting","delayMs":200,"restarts":2,"reason":"exit code 1"}
{"time":"2026-01-02T03:04:05.678Z","name":"web","event":"fatal","reason":"too many restarts","code":1,"signal":null,"restarts":5,"windowMs":60000,"stderr":["Error: boom"]}
{"time":"2026-01-02T03:04:05.678Z","name":"web","event":"unhealthy","pid":101,"reason":"timed out","action":"restart","stderr":[]}
{"time":"2026-01-02T03:04:05.678Z","name":"db","event":"waiting","for":"tcp probe db.internal:5432"}
{"time":"2026-01-02T03:04:05.678Z","name":"web","event":"limit","resource":"memory","reason":"over-limit","usage":300,"limit":256,"enforcement":"polling","action":"restart"}
{"time":"2026-01-02T03:04:05.678Z","name":"web","event":"limit","resource":"cpu","reason":"oom-kill","usage":null,"limit":null,"enforcement":"cgroup"}
{"time":"2026-01-02T03:04:05.678Z","name":"web","event":"stopping","pid":101,"signal":"SIGTERM","reason":"unit stopping"}
{"time":"2026-01-02T03:04:05.678Z","name":"demo","event":"stopping","reason":"SIGTERM"}
{"time":"2026-01-02T03:04:05.678Z","name":"web","event":"stopped","pid":101,"how":"SIGKILL after 10000ms"}
{"time":"2026-01-02T03:04:05.678Z","name":"logship","event":"stopped","pid":104}
{"time":"2026-01-02T03:04:05.678Z","name":"demo","event":"killing","reason":"received SIGINT again"}
{"time":"2026-01-02T03:04:05.678Z","name":"demo","event":"reloaded","added":"a b","removed":"c"}
{"time":"2026-01-02T03:04:05.678Z","name":"demo","event":"reloaded"}
{"time":"2026-01-02T03:04:05.678Z","name":"worker","event":"scale","from":4,"to":6,"configured":4}
{"time":"2026-01-02T03:04:05.678Z","name":"worker","event":"degraded","ready":2,"desired":3}
{"time":"2026-01-02T03:04:05.678Z","name":"worker","event":"degraded","ready":0,"desired":3,"fatal":true}
{"time":"2026-01-02T03:04:05.678Z","name":"worker","event":"recovered","ready":3,"desired":3}
{"time":"2026-01-02T03:04:05.678Z","name":"demo","event":"leftovers","ended":"4242 4343","reason":"left running by a supervisor that was killed"}
{"time":"2026-01-02T03:04:05.678Z","name":"web","event":"logfile-failed","file":"/var/log/web.log","reason":"ENOSPC"}
{"time":"2026-01-02T03:04:05.678Z","name":"demo","event":"notify-failed","reason":"ECONNREFUSED"}
{"time":"2026-01-02T03:04:05.678Z","name":"web","event":"notification-failed","kind":"restart","hook":"sidecars.web.on.restart","reason":"timed out after 10s"}
{"time":"2026-01-02T03:04:05.678Z","name":"demo","event":"watchdog","pinging":false,"reason":"main is failing"}
{"time":"2026-01-02T03:04:05.678Z","name":"demo","event":"watchdog","pinging":true}
{"time":"2026-01-02T03:04:05.678Z","name":"demo","event":"metrics","url":"http://127.0.0.1:9100/metrics"}
{"time":"2026-01-02T03:04:05.678Z","name":"demo","event":"helper-missing","program":"ps","lost":"process trees on stop","reason":"ENOENT"}
{"time":"2026-01-02T03:04:05.678Z","name":"renew","event":"schedule-fired","reason":"schedule","for":"2026-03-30T01:00:00.000Z"}
{"time":"2026-01-02T03:04:05.678Z","name":"renew","event":"schedule-skipped","reason":"the last run still runs (overlap 'skip')"}
{"time":"2026-01-02T03:04:05.678Z","name":"renew","event":"schedule-failing","failures":3,"critical":true}
{"time":"2026-01-02T03:04:05.678Z","name":"renew","event":"schedule-paused","paused":true}
{"time":"2026-01-02T03:04:05.678Z","name":"demo","event":"schedule-state","file":"/state/demo.schedules.json","reason":"no such file: nothing to catch up"}
`;

// Names are padded to the longest of the unit's names ('logship', 'missing' and 'sidecar' are seven characters).
const expectedPretty = `web     | one
web     | two "quoted"
logship ! oops
sidecar | web starting (pid 101)
sidecar | missing starting
sidecar | web ready (pid 101, probe tcp, after 1.2s)
sidecar | db ready
sidecar | web ready (pid 101, probe http, again true)
sidecar | web not-ready (pid 101, reason connection refused)
sidecar | web hook (hook postStart, pid 102, result failed, reason exit code 1)
sidecar | web hook (hook preStop, pid 103, result ok)
sidecar | logship draining (pid 104, how http probe localhost:9000/drained, timeoutMs 5000)
sidecar | logship drained (pid 104, result timed out, ms 5001, reason still busy)
sidecar | web exited (pid 101, code 1)
sidecar |   stderr: Error: boom
sidecar |   stderr:     at main
sidecar | logship exited (pid 104, signal SIGTERM, stopped true)
sidecar | missing exited (error ENOENT)
sidecar | web restarting (delayMs 200, restarts 2, reason exit code 1)
sidecar | web fatal (reason too many restarts, code 1, restarts 5, windowMs 60000)
sidecar |   stderr: Error: boom
sidecar | web unhealthy (pid 101, reason timed out, action restart)
sidecar | db waiting (for tcp probe db.internal:5432)
sidecar | web limit (resource memory, reason over-limit, usage 300, limit 256, enforcement polling, action restart)
sidecar | web limit (resource cpu, reason oom-kill, enforcement cgroup)
sidecar | web stopping (pid 101, signal SIGTERM, reason unit stopping)
sidecar | demo stopping (reason SIGTERM)
sidecar | web stopped (pid 101, how SIGKILL after 10000ms)
sidecar | logship stopped (pid 104)
sidecar | demo killing (reason received SIGINT again)
sidecar | demo reloaded (added a b, removed c)
sidecar | demo reloaded
sidecar | worker scale (from 4, to 6, configured 4)
sidecar | worker degraded (ready 2, desired 3)
sidecar | worker degraded (ready 0, desired 3, fatal true)
sidecar | worker recovered (ready 3, desired 3)
sidecar | demo leftovers (ended 4242 4343, reason left running by a supervisor that was killed)
sidecar | web logfile-failed (file /var/log/web.log, reason ENOSPC)
sidecar | demo notify-failed (reason ECONNREFUSED)
sidecar | web notification-failed (kind restart, hook sidecars.web.on.restart, reason timed out after 10s)
sidecar | demo watchdog (pinging false, reason main is failing)
sidecar | demo watchdog (pinging true)
sidecar | demo metrics (url http://127.0.0.1:9100/metrics)
sidecar | demo helper-missing (program ps, lost process trees on stop, reason ENOENT)
sidecar | renew schedule-fired (reason schedule, for 2026-03-30T01:00:00.000Z)
sidecar | renew schedule-skipped (reason the last run still runs (overlap 'skip'))
sidecar | renew schedule-failing (failures 3, critical true)
sidecar | renew schedule-paused (paused true)
sidecar | demo schedule-state (file /state/demo.schedules.json, reason no such file: nothing to catch up)
`;

// The console's output for every example, in `format`, as text (colours stripped: colors.ts and its test own them).
function printed(format: 'pretty' | 'json', timestamps = false): string {
	const chunks: string[] = [];
	const sink = new OutputSink(new Writable({
		write(chunk: Buffer, _encoding, done) {
			chunks.push(chunk.toString());
			done();
		},
	}));
	const events = new UnitEvents();
	printToConsole(events, sink, {format, timestamps, names: ['web', 'logship', 'db', 'missing']}, () => NOW);
	for (const event of examples) {
		events.publish(event);
	}

	return stripAnsi(chunks.join(''));
}

test('--log-format json prints every event kind exactly as pinned here', t => {
	t.is(printed('json'), expectedJson);
});

test('--log-format json prints the same with timestamps on (every JSON line has its time)', t => {
	t.is(printed('json', true), expectedJson);
});

test('the pretty console prints every event kind exactly as pinned here', t => {
	t.is(printed('pretty'), expectedPretty);
});

test('with timestamps, every pretty line starts with the time', t => {
	const stamp = `${NOW.toISOString()} `;
	t.is(printed('pretty', true), expectedPretty.replaceAll(/^(?=.)/gm, stamp));
});

test('the mapping prints nothing for state changes and sd_notify datagrams, whatever they carry', t => {
	for (const event of [{event: 'state', name: 'web', from: 'starting', to: 'ready'}, {event: 'unit-state', name: 'demo'}, {event: 'notified', name: 'web', message: 'READY=1'}] as const) {
		t.is(formatEvent(event), null, event.event);
	}
});

test('a list is printed joined by spaces, and left out when empty', t => {
	t.deepEqual(formatEvent({event: 'reloaded', name: 'demo', added: [], changed: ['a', 'b'], removed: []}), {event: 'reloaded', name: 'demo', details: {changed: 'a b'}});
	t.deepEqual(formatEvent({event: 'leftovers', name: 'demo', ended: [12, 34], reason: 'r'}), {event: 'leftovers', name: 'demo', details: {ended: '12 34', reason: 'r'}});
});
