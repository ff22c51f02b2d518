import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {resolveConfig} from '../../lib/config/resolve.js';
import {UnitEvents, type UnitEvent} from '../../lib/events/unit-events.js';
import {Gate} from '../../lib/process/gate.js';
import {FakeClock, fakeSpawn} from '../helpers/fake-world.js';

// A gate on a file probe in a fresh directory, on the fake clock.
function gate(t: ExecutionContext) {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'sidecar-gate-'));
	t.teardown(() => rmSync(directory, {recursive: true, force: true}));
	const file = path.join(directory, 'open');
	const config = resolveConfig({main: {command: 'true'}, sidecars: {db: {readiness: {file, interval: 10}}}}, '/tmp');
	const clock = new FakeClock();
	const {spawn, children} = fakeSpawn();
	const events = new UnitEvents();
	const seen: UnitEvent[] = [];
	events.subscribe(event => seen.push(event));
	const life = new AbortController();
	t.teardown(() => {
		life.abort();
	});
	const member = new Gate(config.sidecars[0]!, {spawn, events, env: () => ({}), now: () => clock.now, sleep: clock.sleep, kill: () => {}, procTable: null, random: () => 0}, life.signal);
	const states = () => seen.flatMap(event => event.event === 'state' ? [`${event.from}→${event.to}`] : []);
	return {member, clock, children, seen, states, life, open: () => writeFileSync(file, '')};
}

test('a gate waits for its probe, then is ready; each change is a state event from one state to the next', async t => {
	const {member, clock, children, seen, states, open} = gate(t);
	member.start();
	t.is(member.state, 'waiting');
	t.like(seen.find(event => event.event === 'waiting'), {name: 'db', for: member.waitingFor!});
	const ready = member.untilReady();
	await clock.advance(30);
	t.is(member.state, 'waiting', 'not ready while the file is missing');
	open();
	await clock.advance(10);
	await ready;
	t.true(member.ready);
	t.deepEqual(states(), ['pending→waiting', 'waiting→ready']);
	t.like(seen.find(event => event.event === 'ready'), {name: 'db', pid: null, probe: 'file'});
	t.is(children.length, 0, 'a gate spawns nothing');
	t.is(clock.pending, 0, 'the probe stops once passed');
});

test('a stop ends the wait: readiness then fails, and nothing keeps polling', async t => {
	const {member, clock, states} = gate(t);
	member.start();
	const ready = member.untilReady();
	await clock.advance(20);
	await member.stop();
	t.is(member.state, 'exited');
	await t.throwsAsync(ready, {message: 'it exited (not started)'});
	t.is(clock.pending, 0);
	t.deepEqual(states(), ['pending→waiting', 'waiting→exited']);
});

test('a gate stopped before it started is exited, and starts waiting again when started', async t => {
	const {member, clock, open} = gate(t);
	await member.stop();
	t.is(member.state, 'exited');
	open();
	member.start();
	t.is(member.state, 'waiting');
	await member.untilReady();
	t.is(clock.now, 0, 'its first check passed');
	await member.stop();
	t.is(member.state, 'exited');
});

test('nothing of a gate runs: no pid, no exit, and restart holds, recycles and kills change nothing', async t => {
	const {member, clock} = gate(t);
	member.start();
	member.holdRestarts();
	await member.recycle();
	await member.kill();
	t.is(member.state, 'waiting');
	t.is(member.pid, null);
	t.is(await member.untilExit(), null);
	t.deepEqual([member.restarts, member.lastExit, member.stderrTail, member.lastExitStderr], [0, null, [], []]);
	await member.stop();
	t.is(clock.pending, 0);
});

test('readiness fails once the unit has stopped', async t => {
	const {member, life} = gate(t);
	member.start();
	life.abort();
	await t.throwsAsync(member.untilReady(), {message: 'it exited (not started)'});
});
