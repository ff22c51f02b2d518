import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import {findSystemdNotify, systemdNotifyCommand} from '../../lib/host/notify-command.js';
import {openNotifyDatagram} from '../../lib/host/notify-datagram.js';
import {SystemdNotifier, takeNotifyEnvironment} from '../../lib/host/systemd-notifier.js';
import {BIN, runCli, startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {AS_NOBODY, nobodyCanRunCheckout} from '../helpers/nobody.js';
import {makeProject} from '../helpers/project.js';
import {uniqueSleep, untilNoneRun} from '../helpers/proc-scan.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';

// A stand-in for systemd's notify socket, a path or `@name` (abstract, as NOTIFY_SOCKET writes it): prints each
// datagram as one JSON line {pid, message}, closing any descriptor that came with it (systemd-notify's BARRIER=1
// waits for that).
const RECEIVER = `
import json, os, socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
s.bind('\\0' + sys.argv[1][1:] if sys.argv[1].startswith('@') else sys.argv[1])
print('listening', flush=True)
while True:
    data, ancillary, _, _ = s.recvmsg(4096, socket.CMSG_SPACE(64))
    pid = None
    for level, kind, payload in ancillary:
        if kind == socket.SCM_CREDENTIALS:
            pid = struct.unpack('iII', payload[:12])[0]
        elif kind == socket.SCM_RIGHTS:
            for fd in struct.unpack('%di' % (len(payload) // 4), payload[:len(payload) // 4 * 4]):
                os.close(fd)
    print(json.dumps({'pid': pid, 'message': data.decode()}), flush=True)
`;

async function startReceiver(t: ExecutionContext, socket: string) {
	const receiver = execa('python3', ['-c', RECEIVER, socket], {reject: false, buffer: true});
	t.teardown(() => {
		receiver.kill('SIGKILL');
	});
	await waitForLine(receiver.stdout, /listening/);
	let text = '';
	receiver.stdout.on('data', (chunk: Buffer) => {
		text += chunk.toString();
	});
	return () => text.split('\n').filter(line => line.startsWith('{')).map(line => JSON.parse(line) as {pid: number; message: string});
}

// A `systemd-notify` first on PATH that appends its arguments to `calls` before running the real one: every run of
// it by the supervisor is counted, on whichever path.
async function countingSystemdNotify(directory: string) {
	const real = await findSystemdNotify();
	const calls = path.join(directory, 'calls');
	writeFileSync(calls, '');
	writeFileSync(path.join(directory, 'systemd-notify'), `#!/bin/sh\necho "$*" >> '${calls}'\nexec '${real!}' "$@"\n`);
	chmodSync(path.join(directory, 'systemd-notify'), 0o755);
	return {PATH: `${directory}${path.delimiter}${process.env.PATH ?? ''}`, calls};
}

// One start and its watchdog: main runs 1.5 s with WATCHDOG_USEC=400000 (a ping every 200 ms), then the unit stops.
const startAndWatchdog = test.macro(async (t, address: 'path' | 'abstract', via: 'datagram' | 'systemd-notify') => {
	const cwd = makeProject(t);
	const socket = address === 'path' ? path.join(cwd, 'notify.sock') : `@sidecar-test-${process.pid}-${path.basename(cwd)}`;
	const received = await startReceiver(t, socket);
	const {PATH, calls} = await countingSystemdNotify(cwd);
	const main = [process.execPath, '-e', 'console.log("child NOTIFY_SOCKET=" + process.env.NOTIFY_SOCKET); setTimeout(() => {}, 1500)'];
	const env = {NOTIFY_SOCKET: socket, WATCHDOG_USEC: '400000', PATH, ...(via === 'systemd-notify' ? {SIDECAR_NOTIFY_DATAGRAM: 'off'} : {})};
	const supervisor = startCli(t, ['run', '--name', `notify-${process.pid}-${path.basename(cwd)}`, '--', ...main], {cwd, env});
	const {exitCode, stdout} = await supervisor;
	t.is(exitCode, 0);
	t.regex(String(stdout), /child NOTIFY_SOCKET=undefined/, 'children do not inherit the notify socket');
	await waitFor(() => received().some(({message}) => message.includes('STOPPING=1')), 5000, 'STOPPING=1');
	const runs = readFileSync(calls, 'utf8').split('\n').filter(Boolean);
	const barriers = received().filter(({message}) => message === 'BARRIER=1');
	const messages = received().filter(({message}) => message !== 'BARRIER=1');
	const told = messages.map(({message}) => message.replace(`MAINPID=${supervisor.pid!}\n`, '')).filter(message => message !== 'WATCHDOG=1');
	const pings = messages.length - told.length;
	t.true(messages.every(({pid}) => pid === supervisor.pid), 'every message in the supervisor\'s name (its own pid, or forged by systemd-notify as root)');
	if (via === 'datagram') {
		t.deepEqual(told, [
			'STATUS=main starting, 0/0 sidecars ready',
			`EXTEND_TIMEOUT_USEC=${(1000 + 1000 + 5000) * 1000}`,
			'READY=1\nSTATUS=main running, 0/0 sidecars ready',
			'STATUS=main exited, 0/0 sidecars ready',
			'STOPPING=1\nSTATUS=stopping',
		]);
		t.true(pings >= 5, `${pings} WATCHDOG=1 in about 2 s, one per 200 ms`);
		t.deepEqual(runs, [], 'no systemd-notify was run');
		t.deepEqual(barriers, [], 'one datagram per message, no BARRIER=1');
	} else {
		t.true(told.includes('READY=1\nSTATUS=main running, 0/0 sidecars ready'), JSON.stringify(told));
		t.is(told.at(-1), 'STOPPING=1\nSTATUS=stopping');
		t.true(pings >= 1, 'WATCHDOG=1 too');
		t.is(runs.length, messages.length, 'one systemd-notify per message');
		t.true(runs.every(run => run.startsWith(`--pid=${supervisor.pid!} `)), runs.join('\n'));
		t.is(barriers.length, runs.length, 'each followed by its BARRIER=1, from the helper\'s own pid');
	}
});

test('on the datagram path, a path socket gets each message once from the supervisor\'s own pid, nothing spawned', startAndWatchdog, 'path', 'datagram');
test('on the datagram path, an abstract socket (@name) gets the same messages', startAndWatchdog, 'abstract', 'datagram');
test('with SIDECAR_NOTIFY_DATAGRAM=off, systemd-notify sends the same messages, one run each', startAndWatchdog, 'path', 'systemd-notify');
test('with SIDECAR_NOTIFY_DATAGRAM=off, systemd-notify reaches an abstract socket too', startAndWatchdog, 'abstract', 'systemd-notify');

test('WATCHDOG=1 is sent at half of WATCHDOG_USEC', async t => {
	const cwd = makeProject(t);
	const socket = path.join(cwd, 'notify.sock');
	const received = await startReceiver(t, socket);
	const {exitCode} = await runCli(['run', '--name', `watchdog-${process.pid}`, '--', ...fixture('exit.js', '0', '1000')], {cwd, env: {NOTIFY_SOCKET: socket, WATCHDOG_USEC: '200000'}});
	t.is(exitCode, 0);
	const pings = () => received().filter(({message}) => message.split('\n').includes('WATCHDOG=1')).length;
	await waitFor(() => pings() >= 4, 3000, 'WATCHDOG=1 pings').catch(() => {});
	t.true(pings() >= 4 && pings() <= 30, `${pings()} pings in about 1.5 s, one per 100 ms`);
});

test('the notify variables are taken out of the environment; WATCHDOG_PID for another pid disables the watchdog', t => {
	const env: NodeJS.ProcessEnv = {NOTIFY_SOCKET: '/run/x', WATCHDOG_USEC: '1000000', WATCHDOG_PID: '1', PATH: '/bin'};
	t.deepEqual(takeNotifyEnvironment(env, 42), {socket: '/run/x', watchdogUsec: null});
	t.deepEqual(env, {PATH: '/bin'});
	t.is(takeNotifyEnvironment({}, 42), null);
});

// A NOTIFY_SOCKET that cannot be reached: one warning line, and the unit runs and ends as if it were not set.
const unreachable = test.macro(async (t, kind: 'missing' | 'file' | 'abstract', via: 'datagram' | 'systemd-notify') => {
	const cwd = makeProject(t, {'plain-file': 'not a socket'});
	const socket = {missing: path.join(cwd, 'missing.sock'), file: path.join(cwd, 'plain-file'), abstract: `@sidecar-nobody-${process.pid}-${path.basename(cwd)}`}[kind];
	const env = {NOTIFY_SOCKET: socket, WATCHDOG_USEC: '200000', ...(via === 'systemd-notify' ? {SIDECAR_NOTIFY_DATAGRAM: 'off'} : {})};
	const started = Date.now();
	const {exitCode, stdout, stderr} = await runCli(['run', '--name', `notify-none-${process.pid}-${kind}-${via}`, '--', ...fixture('exit.js', '3', '1200')], {cwd, env});
	t.is(exitCode, 3, 'main\'s own exit code');
	t.true(Date.now() - started < 10_000, 'never blocked');
	const warnings = `${stdout}\n${stderr}`.split('\n').filter(line => line.includes('notify-failed'));
	t.is(warnings.length, 1, stdout);
	t.true(warnings[0]!.includes(via === 'datagram' ? `unable to send to ${socket}` : 'reason'), warnings[0]);
});

test('a NOTIFY_SOCKET path that does not exist gives one warning line and never affects the unit', unreachable, 'missing', 'datagram');
test('a NOTIFY_SOCKET that is a regular file gives one warning line and never affects the unit', unreachable, 'file', 'datagram');
test('an abstract NOTIFY_SOCKET nobody listens on gives one warning line and never affects the unit', unreachable, 'abstract', 'datagram');
test('through systemd-notify, a missing NOTIFY_SOCKET gives one warning line too', unreachable, 'missing', 'systemd-notify');

test('each systemd-notify runs in a process group of its own, killed whole once it exits', async t => {
	const seconds = uniqueSleep();
	const notify = path.join(makeProject(t, {'notify.sh': `#!/bin/sh\nsleep ${seconds} &\necho "no socket here" >&2\nexit 1\n`}), 'notify.sh');
	await execa('chmod', ['+x', notify]);
	const errors: string[] = [];
	const notifier = new SystemdNotifier(systemdNotifyCommand(notify, '/nonexistent', process.pid), {socket: '/nonexistent', watchdogUsec: null}, reason => errors.push(reason));
	await notifier.send('READY=1');
	await notifier.send('STATUS=x');
	t.deepEqual(errors, ['no socket here'], 'reported once, with what it printed');
	await t.notThrowsAsync(untilNoneRun(['sleep', seconds]));
});

test('STATUS= follows a sidecar that a reload adds', async t => {
	const name = `notify-reload-${process.pid}`;
	const config = (sidecars: Record<string, unknown>) => JSON.stringify({name, main: {command: fixture('forever.js')}, sidecars});
	const cwd = makeProject(t, {'sidecar.config.json': config({})});
	const socket = path.join(cwd, 'notify.sock');
	const received = await startReceiver(t, socket);
	const supervisor = startCli(t, ['run'], {cwd, env: {NOTIFY_SOCKET: socket}});
	const statuses = () => received().map(({message}) => /STATUS=(.*)/.exec(message)?.[1]).filter(Boolean);
	await waitFor(() => statuses().includes('main running, 0/0 sidecars ready'), 10_000, 'main running');
	writeFileSync(path.join(cwd, 'sidecar.config.json'), config({added: {command: fixture('forever.js')}}));
	const reload = await runCli(['reload', '--name', name], {cwd});
	t.is(reload.exitCode, 0, reload.stderr);
	// The added sidecar is ready once alive 1 s: the unit's status line must say so without a restart of the unit.
	await t.notThrowsAsync(waitFor(() => statuses().includes('main running, 1/1 sidecars ready'), 10_000, 'the added sidecar in STATUS='));
	supervisor.kill('SIGTERM');
	t.is((await supervisor).exitCode, 143, 'main (no SIGTERM handler) died of the stop signal: 128 + 15');
});

test('STATUS= names a failing schedule while it fails, and drops it after a success', async t => {
	const name = `notify-schedule-${process.pid}`;
	const config = (code: string) => JSON.stringify({
		name,
		main: {command: fixture('forever.js')},
		sidecars: {job: {run: 'once', restart: 'never', command: fixture('exit.js', code), schedule: {every: '1h', failureThreshold: 1}}},
	});
	const cwd = makeProject(t, {'sidecar.config.json': config('1')});
	const socket = path.join(cwd, 'notify.sock');
	const received = await startReceiver(t, socket);
	const supervisor = startCli(t, ['run'], {cwd, env: {NOTIFY_SOCKET: socket}});
	const statuses = () => received().map(({message}) => /STATUS=(.*)/.exec(message)?.[1]).filter(Boolean);
	await waitFor(() => statuses().some(status => status!.startsWith('main running')), 10_000, 'main running');
	t.is((await runCli(['run-now', 'job', '--name', name], {cwd})).exitCode, 0);
	await t.notThrowsAsync(waitFor(() => statuses().at(-1)?.endsWith('; job schedule failing'), 10_000, 'the failing schedule in STATUS='));
	// The task's command changes, its schedule does not: the schedule keeps its count, and the next run succeeds.
	writeFileSync(path.join(cwd, 'sidecar.config.json'), config('0'));
	t.is((await runCli(['reload', '--name', name], {cwd})).exitCode, 0);
	t.is((await runCli(['run-now', 'job', '--name', name], {cwd})).exitCode, 0);
	await t.notThrowsAsync(waitFor(() => statuses().at(-1)?.startsWith('main running') && !statuses().at(-1)!.includes('failing'), 10_000, 'STATUS= without it'));
	supervisor.kill('SIGTERM');
	await supervisor;
});

test('the datagram path is left to systemd-notify for other addresses, a package that cannot be loaded, or the switch', t => {
	const missing = {
		unixSocket() {
			throw new Error('Cannot find module \'node-unix-socket\'');
		},
		abstract() {
			throw new Error('Cannot find module \'koffi\'');
		},
	};
	t.is(openNotifyDatagram('vsock:2:1234', {}), null, 'vsock: is systemd-notify\'s');
	t.is(openNotifyDatagram('run/notify', {}), null, 'a relative path is refused by sd_notify(3) too');
	t.is(openNotifyDatagram('/run/notify', {}, missing), null);
	t.is(openNotifyDatagram('@notify', {}, missing), null);
	t.is(openNotifyDatagram('/run/notify', {SIDECAR_NOTIFY_DATAGRAM: 'off'}), null);
	const datagram = openNotifyDatagram('/run/notify', {});
	t.is(datagram?.kind, 'datagram', 'node-unix-socket is installed here');
	datagram?.close();
});

// As another user, systemd-notify cannot forge the supervisor's pid: NotifyAccess=main would drop every message.
(nobodyCanRunCheckout ? test : test.skip)('through systemd-notify as a user other than root, messages carry the helper\'s pid and the supervisor says so once', async t => {
	const cwd = makeProject(t);
	chmodSync(cwd, 0o755);
	const socket = path.join(cwd, 'notify.sock');
	const received = await startReceiver(t, socket);
	chmodSync(socket, 0o777);
	const main = [process.execPath, '-e', 'setTimeout(() => {}, 1200)'];
	const supervisor = execa(AS_NOBODY[0]!, [...AS_NOBODY.slice(1), process.execPath, BIN, 'run', '--name', `notify-user-${process.pid}`, '--', ...main], {cwd, reject: false, env: {HOME: cwd, NO_COLOR: '1', NOTIFY_SOCKET: socket, SIDECAR_NOTIFY_DATAGRAM: 'off'}});
	const {exitCode, stdout} = await supervisor;
	t.is(exitCode, 0, String(stdout));
	const warnings = String(stdout).split('\n').filter(line => line.includes('notify-failed'));
	t.is(warnings.length, 1, String(stdout));
	t.regex(warnings[0]!, /sending through systemd-notify as uid 65534: systemd counts these messages only with NotifyAccess=all/);
	await waitFor(() => received().some(({message}) => message.includes('STOPPING=1')), 5000, 'STOPPING=1');
	t.true(received().every(({pid}) => pid !== supervisor.pid), JSON.stringify(received()));
});
