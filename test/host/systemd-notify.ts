import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import {SystemdNotifier, takeNotifyEnvironment} from '../../lib/host/systemd-notify.js';
import {writeFileSync} from 'node:fs';
import {runCli, startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {uniqueSleep, untilNoneRun} from '../helpers/proc-scan.js';
import {waitFor, waitForLine} from '../helpers/wait-for.js';

// A stand-in for systemd's notify socket: prints each datagram as one JSON line {pid, message}, closing any
// descriptor that came with it (systemd-notify's BARRIER=1 waits for that).
const RECEIVER = `
import json, os, socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
s.bind(sys.argv[1])
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

test('READY=1 arrives once main is ready, then STOPPING=1, both in the supervisor\'s name', async t => {
	const cwd = makeProject(t);
	const socket = path.join(cwd, 'notify.sock');
	const received = await startReceiver(t, socket);
	const main = [process.execPath, '-e', 'console.log("child NOTIFY_SOCKET=" + process.env.NOTIFY_SOCKET); setTimeout(() => {}, 1500)'];
	const {exitCode, stdout} = await runCli(['run', '--name', `notify-${process.pid}`, '--', ...main], {cwd, env: {NOTIFY_SOCKET: socket}});
	t.is(exitCode, 0);
	t.regex(stdout, /child NOTIFY_SOCKET=undefined/, 'children do not inherit the notify socket');
	await waitFor(() => received().some(({message}) => message.includes('STOPPING=1')), 5000, 'STOPPING=1').catch(() => {});
	const messages = received().filter(({message}) => !message.startsWith('BARRIER'));
	const ready = messages.findIndex(({message}) => message.split('\n').includes('READY=1'));
	const stopping = messages.findIndex(({message}) => message.split('\n').includes('STOPPING=1'));
	t.true(ready >= 0, JSON.stringify(messages));
	t.true(stopping > ready, JSON.stringify(messages));
	t.regex(messages[ready]!.message, /STATUS=main (ready|running), 0\/0 sidecars ready/);
	const supervisorPid = Number(/MAINPID=(\d+)/.exec(messages[ready]!.message)?.[1]);
	t.true(messages.every(({pid}) => pid === supervisorPid), 'sent with the supervisor\'s pid as credentials (we run as root)');
});

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

test('a notify socket nobody listens on is reported once and never affects the unit', async t => {
	const cwd = makeProject(t);
	const socket = path.join(cwd, 'nobody.sock');
	const {exitCode, stdout} = await runCli(['run', '--log-format', 'json', '--name', `notify-none-${process.pid}`, '--', ...fixture('exit.js', '3', '1200')], {cwd, env: {NOTIFY_SOCKET: socket}});
	t.is(exitCode, 3);
	const failures = stdout.split('\n').filter(line => line.includes('"notify-failed"'));
	t.is(failures.length, 1, stdout);
	t.regex(failures[0]!, /"reason":"[^"]+"/);
});

test('each notify runs in a process group of its own, killed whole once it exits', async t => {
	const seconds = uniqueSleep();
	const notify = path.join(makeProject(t, {'notify.sh': `#!/bin/sh\nsleep ${seconds} &\necho "no socket here" >&2\nexit 1\n`}), 'notify.sh');
	await execa('chmod', ['+x', notify]);
	const errors: string[] = [];
	const notifier = new SystemdNotifier(notify, {socket: '/nonexistent', watchdogUsec: null}, process.pid, reason => errors.push(reason));
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
