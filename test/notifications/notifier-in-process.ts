import test from 'ava';
import type {SidecarConfig} from '../../lib/config/types.js';
import {UnitEvents} from '../../lib/events/unit-events.js';
import {notificationsAddOn} from '../../lib/notifications/notifications-add-on.js';
import type {Notification} from '../../lib/notifications/notification-json.js';
// Loaded here so the add-on's lazy imports resolve at time 0, before the fake clock moves.
import '../../lib/notifications/notifier.js';
import '../../lib/notifications/send-notification.js';
import {Supervisor} from '../../lib/supervisor/supervisor.js';
import {fakeWorld, settle} from '../helpers/fake-world.js';
import {command, config} from '../supervisor/_in-process.js';

// The notifications' time logic on the unit's own clock (UnitHandle.clock), faked: which events are sent, at which
// test-time millisecond, and what a window folded. The send is faked too: no process, no socket, no wall clock.

type Sent = Notification & {at: number; target: string};

async function notifyingUnit(input: Omit<SidecarConfig, 'name'>, fail = false) {
	const fake = fakeWorld();
	const events = new UnitEvents();
	const sent: Sent[] = [];
	const failed: string[] = [];
	events.on('notification-failed', ({name, hook, reason}) => failed.push(`${fake.clock.now} ${name} ${hook} ${reason}`));
	const send = async (target: {type: string}, json: string) => {
		sent.push({...JSON.parse(json) as Notification, at: fake.clock.now, target: target.type});
		return fail ? {ok: false as const, reason: 'exit code 1'} : {ok: true as const};
	};

	const supervisor = new Supervisor(config(input), {world: fake.world, events, pid: process.pid, socketPath: '/nonexistent.sock', addOns: [notificationsAddOn(send)]});
	const outcome: {code?: number; error?: unknown} = {};
	const finished = supervisor.run().then(code => {
		outcome.code = code;
	}, (error: unknown) => {
		outcome.error = error;
	});
	const child = (name: string) => fake.children.findLast(candidate => candidate.command.at(-1) === name)!;
	// A crash of `name` with one stderr line, as the OS reports it.
	const crash = async (name: string, line: string) => {
		child(name).stderr.write(`${line}\n`);
		await settle();
		await child(name).exit({code: 1, signal: null});
	};

	const stop = async () => {
		fake.signals.emit('SIGTERM');
		await settle();
		await finished;
	};

	await settle();
	if (fake.children.length === 0) {
		throw new Error('the add-on did not attach at time 0 (its modules are imported above so it does)');
	}

	return {...fake, supervisor, sent, failed, outcome, finished, child, crash, stop};
}

// A sidecar restarted `delay` ms after each crash, never out of budget.
const crashing = (name: string, on: object, delay = 1000) => ({command: command(name), backoff: {initial: delay, max: delay, factor: 1}, maxRestarts: {count: 1000}, on});

test('one restart notification per process per minute; a summary with the count folded as the minute ends; the rest is told as the unit ends', async t => {
	const unit = await notifyingUnit({sidecars: {w: crashing('w', {restart: ['notify']}, 1)}});
	for (const at of [2000, 10_000, 30_000, 61_999, 62_000, 70_000]) {
		await unit.clock.advance(at - unit.clock.now);
		await unit.crash('w', `boom at ${at}`);
	}

	t.deepEqual(unit.sent.map(({at, folded, stderr}) => [at, folded, stderr]), [
		[2000, undefined, ['boom at 2000']],
		[62_000, 3, ['boom at 61999']],
	], 'the window of 2 s ends at 62 s: its summary is the last folded crash, before the crash at 62 s');
	await unit.clock.advance(5000);
	await unit.stop();
	t.deepEqual(unit.sent.slice(2).map(({at, kind, name, folded, stderr, event}) => [at, kind, name, folded, stderr, event.event]), [
		[75_000, 'restart', 'w', 2, ['boom at 70000'], 'restarting'],
	], 'the two folded since 62 s, told once at the stop');
	t.is(unit.clock.pending, 0, 'no timer outlives the unit');
});

test('a crash loop that stops crashing is summed up as its minute ends, with no later event', async t => {
	const unit = await notifyingUnit({sidecars: {w: crashing('w', {restart: 'notify'})}});
	for (const at of [2000, 5000, 9000]) {
		await unit.clock.advance(at - unit.clock.now);
		await unit.crash('w', `boom at ${at}`);
	}

	await unit.clock.advance(61_999 - unit.clock.now);
	t.is(unit.sent.length, 1);
	await unit.clock.advance(1);
	t.deepEqual(unit.sent.map(({at, folded, stderr}) => [at, folded, stderr]), [[2000, undefined, ['boom at 2000']], [62_000, 2, ['boom at 9000']]]);
	await unit.clock.advance(120_000);
	await unit.stop();
	t.is(unit.sent.length, 2, 'nothing more to tell');
});

test('each process and each kind has its own window; a unit-wide entry hears every process', async t => {
	const unit = await notifyingUnit({on: {restart: 'notify-all'}, sidecars: {a: crashing('a', {exit: 'notify-a'}), b: crashing('b', {})}});
	await unit.clock.advance(2000);
	await unit.crash('a', 'a1');
	await unit.crash('b', 'b1');
	await unit.clock.advance(1000);
	await unit.crash('a', 'a2');
	const told = unit.sent.map(({at, kind, name, event}) => `${at} ${kind} ${name} ${event.event}`);
	t.deepEqual(told, ['2000 exit a exited', '2000 restart a restarting', '2000 restart b restarting']);
	await unit.stop();
	t.deepEqual(unit.sent.slice(3).map(({kind, name, folded}) => `${kind} ${name} ${folded}`).sort(), ['exit a 1', 'restart a 1'],
		'a\'s second crash, folded, told at the stop');
});

test('main exiting with a failure is main\'s fatal, and the unit-wide fatal entry is told once, as the unit ends, with main\'s stderr', async t => {
	const unit = await notifyingUnit({main: {command: command('main'), on: {fatal: 'notify-main'}}, on: {fatal: {url: 'http://127.0.0.1:9/'}}});
	await unit.clock.advance(3000);
	unit.child('main').stderr.write('Error: no database\n');
	await settle();
	await unit.child('main').exit({code: 3, signal: null});
	await unit.finished;
	t.is(unit.outcome.code, 3);
	t.deepEqual(unit.sent.map(({at, kind, name, target, event, stderr}) => [at, kind, name, target, event.event, stderr]), [
		[3000, 'fatal', 'main', 'command', 'exited', ['Error: no database']],
		[3000, 'fatal', 'in-process', 'url', 'unit-failed', ['Error: no database']],
	]);
	t.like(unit.sent[1]!.event, {code: 3, reason: 'main exited (code 3), exit code 3'});
});

test('a unit stopped by a signal is no failure: no fatal notification', async t => {
	const unit = await notifyingUnit({main: {command: command('main'), on: {fatal: 'x'}}, on: {fatal: 'y'}});
	await unit.clock.advance(3000);
	await unit.stop();
	t.deepEqual(unit.sent, []);
});

test('a failed send is one notification-failed event, and the unit runs on', async t => {
	const unit = await notifyingUnit({sidecars: {w: crashing('w', {restart: 'notify'})}}, true);
	await unit.clock.advance(2000);
	await unit.crash('w', 'x');
	await unit.clock.advance(1000);
	t.deepEqual(unit.failed, ['2000 w sidecars.w.on.restart exit code 1']);
	t.is(unit.supervisor.state, 'running');
	t.is(unit.supervisor.process('w')!.restarts, 1, 'restarted as its policy says');
	await unit.stop();
});

test('a replicated sidecar\'s entry hears each instance, and its group\'s degraded', async t => {
	const unit = await notifyingUnit({sidecars: {w: {...crashing('w', {restart: 'r', degraded: 'd'}), replicas: 2}}});
	await unit.clock.advance(2000);
	await unit.crash('w', 'x'); // Both instances run the same command: the last spawned is w-1.
	await unit.clock.advance(0);
	t.deepEqual(unit.sent.map(({kind, name}) => `${kind} ${name}`), ['degraded w', 'restart w-1']);
	await unit.stop();
});
