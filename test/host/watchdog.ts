import {readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {bindNotifySocket} from '../../lib/host/notify-socket.js';
import {startCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {jsonLines} from '../helpers/processes.js';
import {waitFor} from '../helpers/wait-for.js';

// The test's own NOTIFY_SOCKET (the receiver lib/host/notify-socket.ts uses): every datagram with the time it came.
function receive(t: {teardown: (fn: () => void) => void}, socket: string) {
	const messages: Array<{at: number; message: string}> = [];
	const receiver = bindNotifySocket(socket, message => messages.push({at: Date.now(), message}), () => {});
	t.teardown(() => receiver.close());
	const pings = (from = 0, to = Number.POSITIVE_INFINITY) => messages.filter(({at, message}) => at >= from && at <= to && message.split('\n').includes('WATCHDOG=1')).length;
	return {messages, pings};
}

test('the watchdog is fed only while main\'s liveness passes: it stops while main fails and resumes once it passes', async t => {
	const cwd = makeProject(t, {healthy: '', 'sidecar.config.json': {
		main: {command: fixture('forever.js'), liveness: {exec: ['test', '-f', 'healthy'], interval: '100ms', failureThreshold: 2}},
	}});
	const {pings} = receive(t, path.join(cwd, 'notify.sock'));
	const supervisor = startCli(t, ['run', '--log-format', 'json', '--name', `watchdog-health-${process.pid}`], {cwd, env: {NOTIFY_SOCKET: path.join(cwd, 'notify.sock'), WATCHDOG_USEC: '200000'}});
	let output = '';
	supervisor.stdout!.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	const events = (event: string) => jsonLines(output.slice(0, output.lastIndexOf('\n') + 1)).filter(entry => entry.event === event);
	await waitFor(() => pings() >= 3, 20_000, 'the first pings');

	rmSync(path.join(cwd, 'healthy'));
	const [stopped] = await waitFor(() => events('watchdog').length > 0 ? events('watchdog') : undefined, 10_000, 'the watchdog to stop');
	t.is(stopped!.pinging, false);
	t.is(stopped!.reason, 'main is unhealthy');
	t.is(events('unhealthy')[0]?.name, 'main');
	const since = Date.parse(String(stopped!.time));
	await new Promise(resolve => setTimeout(resolve, 1000)); // A window in which a fed watchdog would get about ten pings.
	t.true(pings(since + 150) === 0, `${pings(since + 150)} pings while main was unhealthy`);

	writeFileSync(path.join(cwd, 'healthy'), '');
	const resumed = Date.now();
	await waitFor(() => pings(resumed) >= 3, 10_000, 'the pings to resume');
	t.true(events('watchdog').some(entry => entry.pinging === true));
	supervisor.kill('SIGTERM');
	t.is((await supervisor).exitCode, 143, 'main died of SIGTERM');
});

test('EXTEND_TIMEOUT_USEC is sent as \'before\' sidecars start, covering their readiness timeout', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {
		main: {command: fixture('exit.js', '0', '200')},
		sidecars: {slow: {command: fixture('forever.js'), readiness: {file: 'never', timeout: '1500ms'}}},
	}});
	const {messages} = receive(t, path.join(cwd, 'notify.sock'));
	const {exitCode} = await startCli(t, ['run', '--name', `extend-${process.pid}`], {cwd, env: {NOTIFY_SOCKET: path.join(cwd, 'notify.sock')}});
	t.is(exitCode, 69);
	await waitFor(() => messages.some(({message}) => message.includes('EXTEND_TIMEOUT_USEC=')), 5000, 'EXTEND_TIMEOUT_USEC');
	const usec = Number(/EXTEND_TIMEOUT_USEC=(\d+)/.exec(messages.map(({message}) => message).join('\n'))?.[1]);
	t.is(usec, (1500 + 1000 + 5000) * 1000);
});

// The state letter of /proc/PID/stat: T while stopped.
const procState = (pid: number): string => {
	const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
	return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
};

test('a suspended unit turns systemd\'s watchdog off before it stops, and on again with its period once resumed', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {main: {command: fixture('forever.js')}}});
	const {messages, pings} = receive(t, path.join(cwd, 'notify.sock'));
	const supervisor = startCli(t, ['run', '--name', `watchdog-suspend-${process.pid}`], {cwd, env: {NOTIFY_SOCKET: path.join(cwd, 'notify.sock'), WATCHDOG_USEC: '200000'}});
	await waitFor(() => pings() >= 3, 20_000, 'the first pings');
	supervisor.kill('SIGTSTP');
	await waitFor(() => procState(supervisor.pid!) === 'T', 10_000, 'the supervisor to stop');
	// The datagram may reach this process's receiver a little after the supervisor stopped; a stopped supervisor
	// sends nothing, so one that arrives while it is still stopped was sent before the stop.
	const isOff = ({message}: {message: string}) => message.split('\n').includes('WATCHDOG_USEC=0');
	await waitFor(() => messages.some(isOff), 10_000, 'the watchdog to be turned off');
	t.is(procState(supervisor.pid!), 'T', 'turned off before the supervisor stopped, not after a resume');
	await new Promise(resolve => setTimeout(resolve, 1000)); // Five watchdog periods, suspended.
	const off = messages.findIndex(isOff);
	t.deepEqual(messages.slice(off + 1).map(({message}) => message), [], 'nothing is sent while suspended (the socket keeps their order)');
	supervisor.kill('SIGCONT');
	await waitFor(() => messages.some(({message}) => message.split('\n').includes('WATCHDOG_USEC=200000')), 10_000, 'the watchdog to be set again');
	const resumed = Date.now();
	await waitFor(() => pings(resumed) >= 2, 10_000, 'the pings to go on');
	supervisor.kill('SIGTERM');
	t.is((await supervisor).exitCode, 143);
});
