import {readFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {execa} from 'execa';
import {bindNotifySocket} from '../../lib/host/notify-socket.js';
import {SidecarError} from '../../lib/errors.js';
import {fixture} from '../helpers/fixtures.js';
import {cpuMeter} from '../helpers/proc-usage.js';
import {at, logged, startUnit, uniqueName, waitAllReady} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';

const hasSystemdNotify = await execa('systemd-notify', ['--version'], {reject: false}).then(result => result.exitCode === 0, () => false);

// Main prints when it started, then exits: the unit ends once it has.
const main = {command: [process.execPath, '-e', 'console.log("main started at " + Date.now())']};
const mainStartedAt = (lines: string[]) => Number(/main started at (\d+)/.exec(lines.join('\n'))?.[1]);

test('a line on fd 3 after 1 s makes the sidecar ready at that moment, and main starts only then', async t => {
	const announcer = {command: 'echo "fd $NOTIFY_FD $READY_FD"; sleep 1; date +%s%3N > announced; echo ready >&3; exec sleep 30', readiness: {notify: true}};
	const unit = await startUnit(t, {main, sidecars: {announcer}}, logged);
	const {exitCode} = await unit.supervisor;
	t.is(exitCode, 0);
	const [starting] = unit.events('announcer', 'starting');
	const [ready] = unit.events('announcer', 'ready');
	const announced = Number(readFileSync(path.join(unit.cwd, 'announced'), 'utf8'));
	t.deepEqual(unit.lines('announcer'), ['fd 3 3'], 'NOTIFY_FD and READY_FD name fd 3');
	t.is(ready!.probe, 'notify');
	t.true(at(ready!) - at(starting!) >= 950, `ready ${at(ready!) - at(starting!)}ms after starting, before its line`);
	t.true(mainStartedAt(unit.lines('main')) >= announced, 'main started after the line was written');
});

test('a notify fd closed without a line fails start-up at the readiness timeout with the reason; the wait costs little CPU', async t => {
	const silent = {command: 'exec 3>&-; exec sleep 30', readiness: {notify: true, timeout: '2s'}};
	const unit = await startUnit(t, {main, sidecars: {silent}}, logged);
	await unit.until('silent', 'starting');
	const cores = cpuMeter(unit.supervisor.pid!);
	await waitFor(() => unit.supervisor.exitCode !== null || Date.now() - at(unit.events('silent', 'starting')[0]!) > 1700, 10_000);
	const cpu = cores();
	const {exitCode, stderr} = await unit.supervisor;
	t.is(exitCode, 69);
	t.regex(String(stderr), /unable to start silent: not ready after 2s \(notify probe: fd 3 was closed without a line\)/);
	t.deepEqual(unit.lines('main'), [], 'main never started');
	t.true(cpu < 0.1, `the supervisor used ${cpu.toFixed(3)} cores while it waited`);
});

(hasSystemdNotify ? test : test.skip)('READY=1 sent with systemd-notify makes the sidecar ready, and main starts only then', async t => {
	const daemon = {command: 'sleep 1; systemd-notify --ready --status="warmed up"; exec sleep 30', readiness: {sdNotify: true}};
	const unit = await startUnit(t, {main, sidecars: {daemon}}, logged);
	const {exitCode} = await unit.supervisor;
	t.is(exitCode, 0, unit.entries().map(entry => JSON.stringify(entry)).join('\n'));
	const [starting] = unit.events('daemon', 'starting');
	const [ready] = unit.events('daemon', 'ready');
	t.is(ready!.probe, 'sdNotify');
	t.true(at(ready!) - at(starting!) >= 950, `ready ${at(ready!) - at(starting!)}ms after starting, before READY=1`);
	t.true(mainStartedAt(unit.lines('main')) >= at(ready!));
});

(hasSystemdNotify ? test : test.skip)('STATUS= from the process is its status text in `sidecar status`; its NOTIFY_SOCKET is its own', async t => {
	const daemon = {command: 'systemd-notify --status="serving 3 clients"; echo "socket $NOTIFY_SOCKET"; systemd-notify --ready; exec sleep 30', readiness: {sdNotify: true}};
	const name = uniqueName('sd-status');
	const unit = await startUnit(t, {name, main: {command: fixture('forever.js')}, sidecars: {daemon}});
	await waitAllReady(unit);
	const row = (await unit.status()).processes.find(entry => entry.name === 'daemon')!;
	t.is(row.statusText, 'serving 3 clients');
	t.is((await unit.status()).processes.find(entry => entry.name === 'main')!.statusText, null);
	const socket = /socket (\S+)/.exec(unit.output())?.[1] ?? '';
	t.regex(socket, /sidecar-notify-\w+\/daemon\.sock$/);
	const {stdout} = await unit.cli(['status', '--name', name]);
	t.regex(stdout, /STATUS[\s\S]*serving 3 clients/);
	unit.supervisor.kill('SIGTERM');
	await unit.supervisor;
});

test('without its receiver package, an sdNotify process is refused with what is missing and how to get it', t => {
	const error = t.throws(() => bindNotifySocket('/nonexistent/x.sock', () => {}, () => {}, () => {
		throw new Error('Cannot find module \'node-unix-socket\'');
	}));
	t.true(error instanceof SidecarError);
	t.is(error.message, 'unable to receive sd_notify messages: the optional package node-unix-socket could not be loaded (Cannot find module \'node-unix-socket\'); install it with `npm install node-unix-socket@0`, or use readiness {notify: true}');
});

test('a notify socket that cannot be bound is a clear error', t => {
	const error = t.throws(() => bindNotifySocket('/nonexistent/dir/x.sock', () => {}, () => {}));
	t.regex(error.message, /^unable to bind the notify socket \/nonexistent\/dir\/x\.sock: /);
});
