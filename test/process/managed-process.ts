import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {resolveConfig} from '../../lib/config/resolve.js';
import {UnitEvents, type UnitEvent} from '../../lib/events/unit-events.js';
import {createMember} from '../../lib/process/create-member.js';
import {FakeClock, fakeSpawn, type FakeChild} from '../helpers/fake-world.js';

function managed(sidecar: Record<string, unknown>) {
	const spec = {command: 'true', ...sidecar};
	const config = resolveConfig({main: {command: 'true'}, sidecars: {s: Object.fromEntries(Object.entries(spec).filter(([, value]) => value !== undefined))}}, '/tmp');
	const clock = new FakeClock();
	const {spawn, children} = fakeSpawn();
	const events = new UnitEvents();
	const seen: UnitEvent[] = [];
	events.subscribe(event => seen.push(event));
	const life = new AbortController();
	const member = createMember(config.sidecars[0]!, {spawn, events, env: () => ({}), now: () => clock.now, sleep: clock.sleep, kill: () => {}, procTable: null, random: () => 0}, life.signal);
	const published = <K extends UnitEvent['event']>(kind: K) => seen.filter((event): event is Extract<UnitEvent, {event: K}> => event.event === kind);
	return {member, clock, children, published, life, events};
}

const crash = {code: 1, signal: null};

test('each crash waits initial × factor^n before the next spawn, never more than max', async t => {
	const {member, clock, children, published} = managed({backoff: {initial: 100, factor: 2, max: 300}});
	member.start();
	for (let crashes = 0; crashes < 4; crashes++) {
		await children.at(-1)!.exit(crash);
		t.is(member.state, 'backoff');
		const delay = published('restarting').at(-1)!.delayMs;
		await clock.advance(delay - 1);
		t.is(children.length, crashes + 1, 'not respawned a millisecond early');
		await clock.advance(1);
		t.is(children.length, crashes + 2);
	}

	t.deepEqual(published('restarting').map(({delayMs}) => delayMs), [100, 200, 300, 300]);
	t.is(member.restarts, 4);
});

test('a run that lasted resetAfter starts the backoff over', async t => {
	const {member, clock, children, published} = managed({backoff: {initial: 100, factor: 2, max: 10_000, resetAfter: 5000}});
	member.start();
	await children.at(-1)!.exit(crash);
	await clock.advance(100);
	await children.at(-1)!.exit(crash);
	await clock.advance(200);
	await clock.advance(4999);
	await children.at(-1)!.exit(crash); // Ran 4999 ms: not long enough.
	await clock.advance(400);
	await clock.advance(5000);
	await children.at(-1)!.exit(crash); // Ran 5000 ms: the backoff resets.
	t.deepEqual(published('restarting').map(({delayMs}) => delayMs), [100, 200, 400, 100]);
});

test('more than maxRestarts.count restarts inside the window make it fatal, with the reason', async t => {
	const {member, clock, children, published} = managed({backoff: {initial: 10, factor: 1}, maxRestarts: {count: 2, window: 1000}});
	member.start();
	const ready = member.untilReady();
	for (let start = 0; start < 2; start++) {
		await children.at(-1)!.exit(crash);
		await clock.advance(10);
	}

	await children.at(-1)!.exit({code: 3, signal: null});
	t.is(member.state, 'fatal');
	t.is(children.length, 3, 'count 2: at most 3 starts in the window');
	t.is(published('fatal')[0]!.reason, '2 restarts in 1s (maxRestarts.count 2), last exit code 3');
	await t.throwsAsync(ready, {message: 'it went fatal (2 restarts in 1s (maxRestarts.count 2), last exit code 3)'});
});

test('restarts older than the window no longer count against the budget', async t => {
	const {member, clock, children} = managed({backoff: {initial: 10, factor: 1}, maxRestarts: {count: 2, window: 1000}});
	member.start();
	for (let start = 0; start < 6; start++) {
		await children.at(-1)!.exit(crash);
		t.is(member.state, 'backoff', `crash ${start + 1} is restarted`);
		await clock.advance(10);
		await clock.advance(590); // Restarts 600 ms apart: never more than two inside one window.
	}
});

test('on-failure leaves a clean exit down, and readiness then fails with the exit', async t => {
	const {member, children, published} = managed({restart: 'on-failure'});
	member.start();
	const ready = member.untilReady();
	await children[0]!.exit({code: 0, signal: null});
	t.is(member.state, 'exited');
	t.deepEqual(published('restarting'), []);
	await t.throwsAsync(ready, {message: 'it exited (code 0)'});
});

test('no probe: ready once alive 1 s on the clock', async t => {
	const {member, clock} = managed({});
	member.start();
	await clock.advance(999);
	t.is(member.state, 'starting');
	await clock.advance(1);
	t.is(member.state, 'running');
	await member.untilReady();
});

test('a unit that is shutting down restarts nothing', async t => {
	const {member, clock, children} = managed({backoff: {initial: 10}});
	member.start();
	await children[0]!.exit(crash);
	member.holdRestarts();
	await clock.advance(1000);
	t.is(children.length, 1);
	await member.stop();
	t.is(member.state, 'exited');
});

const task = (extra: Record<string, unknown> = {}) => ({run: 'once', backoff: {initial: 10, factor: 1}, ...extra});
// A line on the child's stderr: the process keeps its own tail from its output reader.
const stderrLine = (child: FakeChild, text: string) => {
	child.stderr.write(`${text}\n`);
};

test('a task runs, is retried on failure (on-failure by default) and is ready only once it completes', async t => {
	const {member, clock, children} = managed(task());
	t.is(member.spec.restart, 'on-failure');
	member.start();
	t.is(member.state, 'running');
	t.false(member.ready, 'running is not ready for a task');
	const ready = member.untilReady();
	for (let failure = 0; failure < 2; failure++) {
		await children.at(-1)!.exit(crash);
		t.is(member.state, 'backoff');
		await clock.advance(10);
		t.is(member.state, 'running');
	}

	await children.at(-1)!.exit({code: 0, signal: null});
	t.is(member.state, 'completed');
	t.true(member.ready);
	await ready;
	t.is(children.length, 3);
});

test('successCodes complete a task; neverRestartOn makes it fatal at once, with the stderr tail on both events', async t => {
	const done = managed(task({successCodes: [3]}));
	done.member.start();
	await done.children[0]!.exit({code: 3, signal: null});
	t.is(done.member.state, 'completed');

	const {member, children, published} = managed(task({neverRestartOn: [78], maxRestarts: {count: 50}}));
	member.start();
	const ready = member.untilReady();
	stderrLine(children[0]!, 'config: unknown key "prot"');
	await children[0]!.exit({code: 78, signal: null});
	t.is(member.state, 'fatal');
	t.is(children.length, 1, 'never restarted');
	t.is(published('fatal')[0]!.reason, 'exit code 78 is in neverRestartOn');
	t.deepEqual(published('fatal')[0]!.stderr, ['config: unknown key "prot"']);
	t.deepEqual(published('exited')[0]!.stderr, ['config: unknown key "prot"']);
	t.deepEqual(member.lastExitStderr, ['config: unknown key "prot"']);
	await t.throwsAsync(ready, {message: 'it went fatal (exit code 78 is in neverRestartOn)'});
});

test('a task\'s run that outlasts its timeout is stopped and counts as a failure', async t => {
	const {member, clock, children, published} = managed(task({timeout: 500, restart: 'never'}));
	member.start();
	await clock.advance(499);
	t.is(member.state, 'running');
	await clock.advance(1);
	t.is(member.state, 'stopping');
	t.is(published('stopping')[0]!.reason, 'timed out after 500ms');
	await children[0]!.exit({code: null, signal: 'SIGTERM'});
	await member.untilExit();
	t.is(member.state, 'exited', 'restart: never keeps it down, as a failure');
	t.is(published('exited')[0]!.stopped, undefined, 'a timeout is not a requested stop');
});

test('a process that dies of the stop signal the supervisor sent is not a failure: no crash context', async t => {
	const {member, children, published} = managed({});
	member.start();
	const stopping = member.stop();
	await children[0]!.exit({code: null, signal: 'SIGTERM'});
	await stopping;
	t.is(member.state, 'exited');
	const [exited] = published('exited');
	t.true(exited!.stopped);
	t.is(exited!.stderr, undefined);
	t.deepEqual(member.lastExitStderr, []);
});

test('a gate spawns nothing: it waits for its probe, then is ready; a stop ends the wait', async t => {
	const directory = mkdtempSync(path.join(os.tmpdir(), 'sidecar-gate-'));
	t.teardown(() => rmSync(directory, {recursive: true, force: true}));
	const {member, clock, children, published} = managed({command: undefined, readiness: {file: path.join(directory, 'open'), interval: 10}});
	t.is(member.spec.run, 'gate');
	member.start();
	t.is(member.state, 'waiting');
	t.is(member.waitingFor, `file probe ${path.join(directory, 'open')}`);
	t.deepEqual(published('waiting').map(event => event.for), [member.waitingFor!]);
	writeFileSync(path.join(directory, 'open'), '');
	while (!member.ready) {
		await clock.advance(10); // The probe paces on the fake clock: each file check takes real time, a pause test time.
	}

	await member.untilReady();
	t.is(member.state, 'ready');
	t.is(member.waitingFor, null);
	t.is(children.length, 0);
	await member.stop();
	t.is(member.state, 'exited');
});
