import {spawn, spawnSync} from 'node:child_process';
import {EventEmitter} from 'node:events';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import test from 'ava';
import {handleJobControl} from '../../lib/signals/job-control.js';
import {BIN} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {makeProject} from '../helpers/project.js';
import {logged, startUnit, uniqueName} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';

// The state letter of /proc/PID/stat: T while stopped.
const state = (pid: number): string => {
	const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
	return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
};

const allIn = async (pids: number[], wanted: (letter: string) => boolean, what: string) =>
	waitFor(() => pids.every(pid => wanted(state(pid))), 10_000, what);

const stopped = (letter: string) => letter === 'T';
const running = (letter: string) => letter !== 'T';

test('Ctrl-Z suspends the whole unit and the supervisor; after 3 s suspended, no readiness timeout of 2 s fires and nothing restarts', async t => {
	const unit = await startUnit(t, {
		main: {command: fixture('forever.js')},
		sidecars: {
			// A gate whose file appears only after the resume: its 2 s readiness timeout must not count the suspension.
			db: {readiness: {file: 'db-up', timeout: '2s', interval: '100ms'}},
			cache: {command: fixture('forever.js'), liveness: {exec: ['true'], interval: '100ms', timeout: '200ms', failureThreshold: 1}},
		},
	}, logged);
	const [cacheStart] = await unit.until('cache', 'starting');
	await unit.until('db', 'waiting');
	const supervisor = unit.supervisor.pid!;
	const cache = cacheStart!.pid as number;
	unit.supervisor.kill('SIGTSTP');
	await allIn([supervisor, cache], stopped, 'the supervisor and the sidecar to be stopped');
	// The suspension's length is what this test is about: longer than db's readiness timeout.
	await sleep(3000);
	unit.supervisor.kill('SIGCONT');
	await allIn([supervisor, cache], running, 'the unit to run again');
	writeFileSync(path.join(unit.cwd, 'db-up'), '');
	const [mainStart] = await unit.until('main', 'starting');
	const main = mainStart!.pid as number;

	unit.supervisor.kill('SIGTSTP');
	await allIn([supervisor, cache, main], stopped, 'main, the sidecar and the supervisor to be stopped');
	unit.supervisor.kill('SIGCONT');
	await allIn([supervisor, cache, main], running, 'main, the sidecar and the supervisor to run again');
	await unit.until('main', 'ready');
	const {exitCode, stderr} = await unit.stop();
	t.is(exitCode, 143, 'forever.js dies of its stop signal');
	t.notRegex(String(stderr), /not ready after/);
	t.deepEqual(unit.events('cache', 'restarting'), []);
	t.deepEqual(unit.events('cache', 'unhealthy'), []);
	t.is(unit.events('cache', 'starting').length, 1);
	t.is(unit.events('main', 'starting').length, 1);
});

test('a SIGCONT the supervisor gets without having suspended the unit resumes nothing', async t => {
	const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], {detached: true, stdio: 'ignore'});
	t.teardown(() => child.kill('SIGKILL'));
	const pid = child.pid!;
	process.kill(-pid, 'SIGSTOP'); // Stopped on purpose (`sidecar signal NAME SIGSTOP`, a cpu throttle).
	await allIn([pid], stopped, 'the child to be stopped');
	const host = new EventEmitter();
	const scope = new AbortController();
	t.teardown(() => scope.abort());
	const clock = {prepare: async () => {}, suspend() {}, resume: () => 0};
	handleJobControl(host, {pids: () => [pid], clock, stopSelf() {}}, scope.signal);
	host.emit('SIGCONT');
	t.is(state(pid), 'T');
	process.kill(-pid, 'SIGCONT');
	await allIn([pid], running, 'the child to run');
	host.emit('SIGTSTP');
	await allIn([pid], stopped, 'the unit to be suspended');
	host.emit('SIGCONT');
	await allIn([pid], running, 'a suspension the supervisor made to be resumed');
	t.not(state(pid), 'T');
});

test('SIGTTIN and SIGTTOU suspend the unit as SIGTSTP does (the supervisor\'s output is no terminal)', async t => {
	const unit = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {cache: {command: fixture('forever.js')}}}, logged);
	const [mainStart] = await unit.until('main', 'starting');
	const [cacheStart] = await unit.until('cache', 'starting');
	const pids = [unit.supervisor.pid!, mainStart!.pid as number, cacheStart!.pid as number];
	for (const signal of ['SIGTTIN', 'SIGTTOU'] as const) {
		unit.supervisor.kill(signal);
		await allIn(pids, stopped, `${signal} to suspend the unit`);
		unit.supervisor.kill('SIGCONT');
		await allIn(pids, running, 'the unit to run again');
	}

	t.is((await unit.stop()).exitCode, 143);
	t.is(unit.events('main', 'starting').length, 1);
});

const hasScript = spawnSync('script', ['--version']).status === 0;

// Ctrl-Z in a shell with job control, on a real pseudo-terminal (util-linux `script` running `bash -i`).
(hasScript ? test : test.skip)('Ctrl-Z in an interactive shell suspends main and the sidecars with the supervisor; fg resumes them all', async t => {
	const cwd = makeProject(t, {'sidecar.config.json': {name: uniqueName('ctrl-z'), main: {command: fixture('forever.js')}, sidecars: {cache: {command: fixture('forever.js')}}}});
	const terminal = spawn('script', ['-qfc', 'bash --norc --noprofile -i', '/dev/null'], {cwd, env: {...process.env, NO_COLOR: '1', XDG_RUNTIME_DIR: '', PS1: '$ '}});
	t.teardown(() => terminal.kill('SIGKILL'));
	let text = '';
	terminal.stdout.on('data', (chunk: Buffer) => {
		text += chunk.toString();
	});
	const match = async (pattern: RegExp) => waitFor(() => pattern.exec(text), 20_000, `${pattern}; the terminal showed:\n${text}`);
	terminal.stdin.write(`'${process.execPath}' '${BIN}' run < /dev/null\r`);
	const main = Number((await match(/main +\| pid (\d+)/))[1]);
	const cache = Number((await match(/cache starting \(pid (\d+)\)/))[1]);
	const stat = readFileSync(`/proc/${main}/stat`, 'latin1');
	const supervisor = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
	t.teardown(() => {
		for (const pid of [main, cache, supervisor]) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {}
		}
	});

	terminal.stdin.write('\u001A');
	await allIn([supervisor, main, cache], stopped, 'Ctrl-Z to stop the whole unit');
	await match(/Stopped/);
	terminal.stdin.write('fg\r');
	await allIn([supervisor, main, cache], running, 'fg to resume the whole unit');
	terminal.stdin.write('\u0003');
	await match(/cache stopped/);
	terminal.stdin.write('exit\r');
	await new Promise(resolve => terminal.once('exit', resolve));
	t.notRegex(text, /restarting/);
});
