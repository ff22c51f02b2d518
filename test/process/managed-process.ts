import {PassThrough} from 'node:stream';
import test from 'ava';
import {resolveConfig} from '../../lib/config/resolve.js';
import {UnitEvents, type UnitEvent} from '../../lib/events/unit-events.js';
import {ManagedProcess} from '../../lib/process/managed-process.js';
import type {Child, ExitInfo} from '../../lib/process/spawn.js';

// A clock whose time moves only when the test says so: backoff and budgets are checked to the millisecond.
class FakeClock {
	now = 0;
	#timers: Array<{at: number; resolve: (slept: boolean) => void}> = [];

	readonly sleep = async (ms: number, signal: AbortSignal): Promise<boolean> => new Promise(resolve => {
		if (signal.aborted) {
			resolve(false);
			return;
		}

		const timer = {at: this.now + ms, resolve};
		this.#timers.push(timer);
		signal.addEventListener('abort', () => {
			this.#timers = this.#timers.filter(other => other !== timer);
			resolve(false);
		}, {once: true});
	});

	// Moves time on by `ms`, firing every timer that falls due, then lets the process react.
	async advance(ms: number): Promise<void> {
		this.now += ms;
		const due = this.#timers.filter(timer => timer.at <= this.now);
		this.#timers = this.#timers.filter(timer => timer.at > this.now);
		for (const timer of due) {
			timer.resolve(true);
		}

		await settle();
	}
}

const settle = async () => {
	for (let turn = 0; turn < 5; turn++) {
		await new Promise(resolve => setImmediate(resolve));
	}
};

// Children that exist only here: pids above any real pid_max, so no signal can reach a real process.
function fakeSpawn() {
	const children: Array<{pid: number; exit: (exit: ExitInfo) => Promise<void>}> = [];
	const spawn = (): Child => {
		let exit: (exit: ExitInfo) => void = () => {};
		const exited = new Promise<ExitInfo>(resolve => {
			exit = resolve;
		});
		const [stdout, stderr] = [new PassThrough(), new PassThrough()];
		stdout.destroy();
		stderr.destroy();
		const pid = 90_000_000 + children.length;
		children.push({pid, exit: async info => {
			exit(info);
			await settle();
		}});
		return {pid, stdout, stderr, exited};
	};

	return {spawn, children};
}

function managed(sidecar: Record<string, unknown>) {
	const config = resolveConfig({main: {command: 'true'}, sidecars: {s: {command: 'true', ...sidecar}}}, '/tmp');
	const clock = new FakeClock();
	const {spawn, children} = fakeSpawn();
	const events = new UnitEvents();
	const seen: UnitEvent[] = [];
	events.subscribe(event => seen.push(event));
	const life = new AbortController();
	const member = new ManagedProcess(config.sidecars[0]!, {spawn, events, env: () => ({}), now: () => clock.now, sleep: clock.sleep, random: () => 0}, life.signal);
	const published = <K extends UnitEvent['event']>(kind: K) => seen.filter((event): event is Extract<UnitEvent, {event: K}> => event.event === kind);
	return {member, clock, children, published, life};
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
