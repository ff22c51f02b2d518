import {spawn as spawnReal} from 'node:child_process';
import {EventEmitter, once} from 'node:events';
import test, {type ExecutionContext} from 'ava';
import {resolveConfig} from '../../lib/config/resolve.js';
import type {SidecarConfig} from '../../lib/config/types.js';
import {EXIT, SidecarError} from '../../lib/errors.js';
import {UnitEvents, type UnitEvent} from '../../lib/events/unit-events.js';
import type {ProcessView} from '../../lib/process/unit-member.js';
import type {ResolvedProcess} from '../../lib/config/types.js';
import {procRoot} from '../../lib/proc/proc-table.js';
import {Supervisor} from '../../lib/supervisor/supervisor.js';
import {realKill} from '../../lib/signals/send.js';
import {allowed, refuseCommand} from '../../lib/supervisor/unit-command-table.js';
import type {CommandType, UnitCommand} from '../../lib/supervisor/unit-commands.js';
import type {UnitState} from '../../lib/supervisor/unit-states.js';
import {FakeClock, fakeSpawn, settle} from '../helpers/fake-world.js';

// The table, walked row by row: the commands each unit state accepts, as docs/control.md and docs/restarts.md say.
const ACCEPTS: Record<UnitState, readonly CommandType[]> = {
	starting: ['recycle', 'stop-failing', 'forward', 'stop-unit'],
	running: ['restart', 'recycle', 'stop-failing', 'stop-process', 'start-process', 'signal', 'forward', 'stop-unit', 'reload', 'scale', 'run-now', 'pause', 'resume'],
	stopping: ['stop-failing', 'forward', 'stop-unit'],
	stopped: [],
};
const WORDS: Record<UnitState, string> = {starting: 'still starting', running: 'running', stopping: 'stopping', stopped: 'stopped'};

// One command of each type, each aimed at a process its own guards let through (`down` is down, `web` runs).
const SAMPLES: Record<CommandType, {command: UnitCommand; refused: string}> = {
	restart: {command: {type: 'restart', name: 'web'}, refused: 'unable to restart web'},
	recycle: {command: {type: 'recycle', name: 'web', reason: 'memory over', cause: 'memory over limit'}, refused: 'unable to recycle web'},
	'stop-failing': {command: {type: 'stop-failing', name: 'web', cause: 'memory over limit'}, refused: 'unable to stop web'},
	'stop-process': {command: {type: 'stop-process', name: 'web'}, refused: 'unable to stop web'},
	'start-process': {command: {type: 'start-process', name: 'down'}, refused: 'unable to start down'},
	signal: {command: {type: 'signal', name: 'web', signal: 'SIGHUP'}, refused: 'unable to signal web'},
	forward: {command: {type: 'forward', signal: 'SIGHUP', targets: ['web']}, refused: 'unable to forward a signal to unit "shop"'},
	'stop-unit': {command: {type: 'stop-unit', reason: 'test'}, refused: 'unable to stop unit "shop"'},
	reload: {command: {type: 'reload'}, refused: 'unable to reload unit "shop"'},
	scale: {command: {type: 'scale', name: 'pool', count: 2}, refused: 'unable to scale pool'},
	// The views here carry no `schedule` (undefined, not null): the schedule check lets them through.
	'run-now': {command: {type: 'run-now', name: 'web'}, refused: 'unable to run web'},
	pause: {command: {type: 'pause', name: 'web'}, refused: 'unable to pause web'},
	resume: {command: {type: 'resume', name: 'web'}, refused: 'unable to resume web'},
};

const view = (name: string, state: ProcessView['state'], pid: number | null, start: ResolvedProcess['start'] = 'before') =>
	({name, state, pid, spec: {start, kind: name === 'main' ? 'main' : 'sidecar'}}) as unknown as ProcessView;
const subject = (state: UnitState, processes = [view('main', 'running', 90_000_000), view('web', 'running', 90_000_001), view('down', 'exited', null)]) =>
	({name: 'shop', state, canReload: true, processes: () => processes, groups: () => ['pool']});

test('the table has a row for every unit state and nothing else', t => {
	t.deepEqual(Object.keys(allowed).sort(), Object.keys(ACCEPTS).sort());
});

const cell = test.macro({
	exec(t, state: UnitState, type: CommandType) {
		const {command, refused} = SAMPLES[type];
		const refusal = refuseCommand(command, subject(state));
		if (ACCEPTS[state].includes(type)) {
			t.is(refusal, null);
			t.is(allowed[state][type], true);
		} else {
			t.is(refusal?.message, `${refused}: the unit is ${WORDS[state]}`);
			t.is(refusal?.exitCode, EXIT.unavailable);
		}
	},
	title: (_title, state: UnitState, type: CommandType) => `a unit that is ${state} ${ACCEPTS[state].includes(type) ? 'accepts' : 'refuses'} ${type}`,
});

for (const state of Object.keys(ACCEPTS) as UnitState[]) {
	for (const type of Object.keys(SAMPLES) as CommandType[]) {
		test(cell, state, type);
	}
}

test('a name not in the unit is a usage error naming those that are, whatever the unit state', t => {
	for (const state of Object.keys(ACCEPTS) as UnitState[]) {
		const refusal = refuseCommand({type: 'restart', name: 'nope'}, subject(state));
		t.is(refusal?.message, 'unable to restart nope: no such process in unit "shop" (pool, main, web, down)');
		t.is(refusal?.exitCode, EXIT.usage);
	}
});

test('a refused restart of main names the unit, as today\'s `restart --main` does', t => {
	t.is(refuseCommand({type: 'restart', name: 'main'}, subject('starting'))?.message, 'unable to restart unit "shop": the unit is still starting');
});

test('the process\'s own guards: signal needs a pid, recycle a running spawn, start a process that is down', t => {
	const processes = [view('main', 'running', 1), view('web', 'stopping', 2), view('gone', 'exited', null), view('task', 'exited', null, 'shutdown')];
	const refused = (command: UnitCommand) => {
		const refusal = refuseCommand(command, subject('running', processes));
		return refusal === null ? null : [refusal.message, refusal.exitCode];
	};

	t.deepEqual(refused({type: 'signal', name: 'gone', signal: 'SIGHUP'}), ['unable to signal gone: it is not running', EXIT.failure]);
	t.deepEqual(refused({type: 'recycle', name: 'web', reason: 'r', cause: 'memory over limit'}), ['unable to recycle web: it is stopping, not running', EXIT.unavailable]);
	t.deepEqual(refused({type: 'recycle', name: 'gone', reason: 'r', cause: 'memory over limit'}), ['unable to recycle gone: it is exited, not running', EXIT.unavailable]);
	t.deepEqual(refused({type: 'start-process', name: 'task'}), ['unable to start task: a shutdown task runs only at the unit\'s stop', EXIT.unavailable]);
	t.deepEqual(refused({type: 'stop-process', name: 'task'}), ['unable to stop task: a shutdown task runs only at the unit\'s stop', EXIT.unavailable]);
	t.is(refused({type: 'start-process', name: 'gone'}), null);
	t.is(refused({type: 'stop-process', name: 'gone'}), null, 'a process that is down may be held stopped');
});

test('main is never stopped or started by name: a usage error saying what to do, whatever the unit state', t => {
	for (const state of ['starting', 'running', 'stopping'] as const) {
		const stop = refuseCommand({type: 'stop-process', name: 'main'}, subject(state));
		t.is(stop?.message, 'unable to stop main: its stop is the unit\'s (`sidecar stop` with no name)');
		t.is(stop?.exitCode, EXIT.usage);
		const start = refuseCommand({type: 'start-process', name: 'main'}, subject(state));
		t.is(start?.message, 'unable to start main: it runs for as long as the unit does');
		t.is(start?.exitCode, EXIT.usage);
	}
});

test('start is refused for a process that is up, and accepted for one held stopped', t => {
	const processes = [view('main', 'running', 1), view('web', 'backoff', null), view('held', 'stopped', null)];
	t.is(refuseCommand({type: 'start-process', name: 'web'}, subject('running', processes))?.message, 'unable to start web: it is backoff (only a process that is down can be started)');
	t.is(refuseCommand({type: 'start-process', name: 'held'}, subject('running', processes)), null);
});

test('a group name takes restart, signal, stop, start and scale; scale needs a group, and other commands a process', t => {
	const refused = (command: UnitCommand) => {
		const refusal = refuseCommand(command, subject('running'));
		return refusal === null ? null : [refusal.message, refusal.exitCode];
	};

	for (const command of [{type: 'restart', name: 'pool'}, {type: 'signal', name: 'pool', signal: 'SIGHUP'}, {type: 'stop-process', name: 'pool'}, {type: 'start-process', name: 'pool'}, {type: 'scale', name: 'pool', count: 0}] as UnitCommand[]) {
		t.is(refused(command), null, command.type);
	}

	t.deepEqual(refused({type: 'scale', name: 'web', count: 2}), ['unable to scale web: it is not a replicated sidecar (replicated sidecars: pool; set replicas in its config)', EXIT.usage]);
	t.deepEqual(refused({type: 'recycle', name: 'pool', reason: 'r', cause: 'memory over limit'}), ['unable to recycle pool: no such process in unit "shop" (pool, main, web, down)', EXIT.usage]);
});

test('reload of a unit not started from a config is refused before its state is looked at', t => {
	const refusal = refuseCommand({type: 'reload'}, {...subject('starting'), canReload: false});
	t.is(refusal?.message, 'unable to reload unit "shop": it was not started from a config');
	t.is(refusal?.exitCode, EXIT.unavailable);
});

// A unit in process on the fake world. Its children cannot see signals (their pids are fake), so each exits with
// SIGTERM as soon as the unit says it is stopping it. `real` gives a process a real pid instead (its first spawn).
function commandUnit(t: ExecutionContext, config: SidecarConfig, {reload, real}: {reload?: SidecarConfig; real?: Record<string, number>} = {}) {
	const clock = new FakeClock();
	const fake = fakeSpawn();
	const events = new UnitEvents();
	const seen: UnitEvent[] = [];
	events.subscribe(event => {
		seen.push(event);
		if (event.event === 'stopping' && event.pid !== undefined) {
			const child = fake.children.find(({pid}) => pid === event.pid);
			setImmediate(() => void child?.exit({code: null, signal: 'SIGTERM'}));
		}
	});
	const spawn = (spec: ResolvedProcess, env: Record<string, string>) => {
		const child = fake.spawn(spec, env);
		const pid = real?.[spec.name];
		if (pid === undefined) {
			return child;
		}

		delete real![spec.name];
		fake.children.at(-1)!.pid = pid;
		return {...child, pid};
	};

	const resolved = resolveConfig(config, '/tmp');
	const unit = new Supervisor(resolved, {
		// Real kill and /proc: the stop of a fake child's pid finds nothing, and the real `sleep` standing in for `web` is ended.
		world: {signals: new EventEmitter(), spawn, now: () => clock.now, sleep: clock.sleep, kill: realKill, procTable: procRoot()}, events, pid: process.pid, socketPath: '/nonexistent.sock',
		reloadConfig: reload === undefined ? undefined : async () => resolveConfig(reload, '/tmp'),
	});
	const finished = unit.run();
	const pidOf = (name: string) => unit.process(name)!.pid;
	const published = <K extends UnitEvent['event']>(kind: K) => seen.filter((event): event is Extract<UnitEvent, {event: K}> => event.event === kind);
	// Every process alive 1 s counts as ready (no probes here), so start-up takes 1 s of test time per step.
	const running = async () => {
		await settle();
		await clock.advance(1000);
		t.teardown(async () => {
			await unit.dispatch({type: 'stop-unit', reason: 'test over'}).catch(() => {}); // Stopped already.
			await finished;
		});
	};

	return {unit, clock, children: fake.children, finished, pidOf, published, running};
}

const shop: SidecarConfig = {name: 'shop', main: {command: 'true'}, sidecars: {web: {command: 'true'}, db: {command: 'true'}}};

// Resolves a command that waits for readiness: 1 s of test time (alive long enough).
async function readied<T>(clock: FakeClock, reply: Promise<T>): Promise<T> {
	await settle();
	await clock.advance(1000);
	return reply;
}

test('restart answers with the new spawn\'s pid; nothing else is touched', async t => {
	const {unit, clock, pidOf, running} = commandUnit(t, shop);
	await running();
	const [web, db, main] = [pidOf('web'), pidOf('db'), pidOf('main')];
	const reply = await readied(clock, unit.dispatch({type: 'restart', name: 'web'}));
	t.deepEqual(reply, {pid: pidOf('web')});
	t.not(reply.pid, web);
	t.deepEqual([pidOf('db'), pidOf('main')], [db, main]);
});

test('restart of main: main\'s exit does not end the unit, which answers with main\'s new pid', async t => {
	const {unit, clock, pidOf, running} = commandUnit(t, shop);
	await running();
	const before = pidOf('main');
	const reply = await readied(clock, unit.dispatch({type: 'restart', name: 'main', cause: 'liveness failed'}));
	t.deepEqual(reply, {pid: pidOf('main')});
	t.not(reply.pid, before);
	t.is(unit.state, 'running');
});

test('restart while the unit is still starting is refused with 69', async t => {
	const {unit, running} = commandUnit(t, shop);
	await settle();
	const error = await t.throwsAsync(unit.dispatch({type: 'restart', name: 'web'}), {instanceOf: SidecarError, message: 'unable to restart web: the unit is still starting'});
	t.is(error?.exitCode, EXIT.unavailable);
	await running();
});

test('recycle answers with the pid it stopped, and the restart policy brings the process back', async t => {
	const {unit, clock, pidOf, published, running} = commandUnit(t, shop);
	await running();
	const web = pidOf('web')!;
	t.deepEqual(await unit.dispatch({type: 'recycle', name: 'web', reason: 'memory 9 bytes over the limit of 8', cause: 'memory over limit'}), {pid: web});
	t.like(published('exited').at(-1), {name: 'web', pid: web, cause: 'memory over limit'});
	await clock.advance(published('restarting').at(-1)!.delayMs);
	t.not(pidOf('web'), null);
	t.not(pidOf('web'), web);
});

test('stop-process answers with the pid it stopped and how it ended, and holds it stopped; recycle of it is then refused', async t => {
	const {unit, clock, pidOf, running} = commandUnit(t, shop);
	await running();
	const db = pidOf('db');
	t.deepEqual(await unit.dispatch({type: 'stop-process', name: 'db'}), {pid: db, exit: {code: null, signal: 'SIGTERM'}});
	await clock.advance(60_000);
	t.is(unit.process('db')!.state, 'stopped');
	t.is(pidOf('db'), null);
	await t.throwsAsync(unit.dispatch({type: 'recycle', name: 'db', reason: 'r', cause: 'memory over limit'}), {message: 'unable to recycle db: it is stopped, not running'});
});

test('stop-failing (a memory limit\'s stop) keeps the process down as exited, its exit counted as the failure', async t => {
	const {unit, clock, published, running} = commandUnit(t, shop);
	await running();
	t.deepEqual(await unit.dispatch({type: 'stop-failing', name: 'db', cause: 'memory over limit'}), {exit: {code: null, signal: 'SIGTERM'}});
	await clock.advance(60_000);
	t.is(unit.process('db')!.state, 'exited');
	t.like(published('exited').at(-1), {name: 'db', cause: 'memory over limit'});
});

test('stop-process of a process that is down holds it stopped and answers that nothing ran', async t => {
	const {unit, running} = commandUnit(t, shop);
	await running();
	await unit.dispatch({type: 'stop-failing', name: 'db', cause: 'memory over limit'});
	t.deepEqual(await unit.dispatch({type: 'stop-process', name: 'db'}), {pid: null, exit: null});
	t.is(unit.process('db')!.state, 'stopped');
});

test('start-process starts a stopped process again and answers with its pid; a running one is refused', async t => {
	const {unit, clock, pidOf, running} = commandUnit(t, shop);
	await running();
	await t.throwsAsync(unit.dispatch({type: 'start-process', name: 'db'}), {message: 'unable to start db: it is running (only a process that is down can be started)'});
	await unit.dispatch({type: 'stop-process', name: 'db'});
	const reply = await readied(clock, unit.dispatch({type: 'start-process', name: 'db'}));
	t.deepEqual(reply, {pid: pidOf('db')});
	t.not(reply.pid, null);
	t.is(unit.process('db')!.state, 'running');
});

test('signal reaches the process group and answers with its pid', async t => {
	// A real process for `web`, in a group of its own, as spawn.ts makes them.
	const sleeper = spawnReal('sleep', ['30'], {detached: true, stdio: 'ignore'});
	t.teardown(() => sleeper.kill('SIGKILL'));
	const {unit, running} = commandUnit(t, shop, {real: {web: sleeper.pid!}});
	await running();
	const ended = once(sleeper, 'exit');
	t.deepEqual(await unit.dispatch({type: 'signal', name: 'web', signal: 'SIGTERM'}), {pid: sleeper.pid});
	t.deepEqual(await ended, [null, 'SIGTERM']);
});

test('signal to a process that has gone since (no such pid) is refused as not running', async t => {
	const {unit, running} = commandUnit(t, shop);
	await running();
	await t.throwsAsync(unit.dispatch({type: 'signal', name: 'web', signal: 'SIGHUP'}), {message: 'unable to signal web: it is not running'});
});

test('forward answers with the pids of the targets that run, skipping those that do not', async t => {
	const {unit, pidOf, running} = commandUnit(t, shop);
	await running();
	await unit.dispatch({type: 'stop-process', name: 'db'});
	t.deepEqual(await unit.dispatch({type: 'forward', signal: 'SIGHUP', targets: ['web', 'db']}), {pids: [pidOf('web')]});
});

test('stop-unit begins the stop once; a second one with a signal kills every tree; then everything is refused', async t => {
	const {unit, finished, published, running} = commandUnit(t, shop);
	await running();
	t.deepEqual(await unit.dispatch({type: 'stop-unit', reason: 'sidecar stop', exitCode: 0}), {began: true});
	t.deepEqual(await unit.dispatch({type: 'stop-unit', reason: 'again'}), {began: false});
	t.is(published('killing').length, 0);
	t.deepEqual(await unit.dispatch({type: 'stop-unit', reason: 'received SIGTERM', signal: 'SIGTERM'}), {began: false});
	t.like(published('killing')[0], {name: 'shop', reason: 'received SIGTERM again'});
	t.is(await finished, 0);
	t.is(unit.state, 'stopped');
	await t.throwsAsync(unit.dispatch({type: 'forward', signal: 'SIGHUP', targets: ['web']}), {message: 'unable to forward a signal to unit "shop": the unit is stopped'});
	await t.throwsAsync(unit.dispatch({type: 'stop-unit', reason: 'late'}), {message: 'unable to stop unit "shop": the unit is stopped'});
});

test('once a stop is requested, control commands are refused as stopping', async t => {
	const {unit, running} = commandUnit(t, shop);
	await running();
	void unit.dispatch({type: 'stop-unit', reason: 'sidecar stop'});
	await t.throwsAsync(unit.dispatch({type: 'signal', name: 'web', signal: 'SIGHUP'}), {message: 'unable to signal web: the unit is stopping'});
});

test('reload answers with the plan and starts what it adds', async t => {
	const next: SidecarConfig = {...shop, sidecars: {...shop.sidecars, cache: {command: 'true'}}};
	const {unit, clock, pidOf, published, running} = commandUnit(t, shop, {reload: next});
	await running();
	const web = pidOf('web');
	const {plan} = await readied(clock, unit.dispatch({type: 'reload'}));
	t.like(plan, {added: ['cache'], removed: [], changed: [], unchanged: ['web', 'db'], mainChanged: false});
	t.is(unit.process('cache')!.state, 'running');
	t.is(pidOf('web'), web);
	t.deepEqual(published('reloaded')[0]?.added, ['cache']);
});

test('reload of a unit not started from a config is refused with 69', async t => {
	const {unit, running} = commandUnit(t, shop);
	await running();
	const error = await t.throwsAsync<SidecarError>(unit.dispatch({type: 'reload'}), {message: 'unable to reload unit "shop": it was not started from a config'});
	t.is(error?.exitCode, EXIT.unavailable);
});
