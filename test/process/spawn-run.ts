import test from 'ava';
import {resolveConfig} from '../../lib/config/resolve.js';
import {UnitEvents, type UnitEvent} from '../../lib/events/unit-events.js';
import {SpawnRun} from '../../lib/process/spawn-run.js';
import {StateCell} from '../../lib/process/state-cell.js';
import {FakeClock, fakeSpawn} from '../helpers/fake-world.js';
import {waitFor} from '../helpers/wait-for.js';

// One spawn's run, driven on the fake clock and spawn; its owner recycles by stopping the run, as ManagedProcess does.
function spawnRun(sidecar: Record<string, unknown>) {
	const config = resolveConfig({main: {command: 'true'}, sidecars: {s: {command: 'true', ...sidecar}}}, '/tmp');
	const clock = new FakeClock();
	const {spawn, children} = fakeSpawn();
	const events = new UnitEvents();
	const seen: UnitEvent[] = [];
	events.subscribe(event => seen.push(event));
	const state = new StateCell('s', events);
	const host = {spawn, events, env: () => ({}), now: () => clock.now, sleep: clock.sleep, kill: () => {}, procTable: null, random: () => 0};
	const owner = {state, recycle: async (reason: string, as: Parameters<SpawnRun['stop']>[1]) => run.stop(reason, as), onProbeFailure() {}};
	const run: SpawnRun = new SpawnRun(config.sidecars[0]!, host, owner, new AbortController().signal);
	const kinds = () => seen.map(event => event.event === 'state' ? `${event.from}→${event.to}` : event.event);
	return {run, state, clock, child: children[0]!, kinds, seen};
}

test('a task\'s run that outlasts its timeout ends as timed out, with the reason, after its stop is logged', async t => {
	const {run, state, clock, child, kinds} = spawnRun({run: 'once', timeout: 500});
	t.is(state.current, 'running');
	await clock.advance(499);
	t.is(state.current, 'running');
	await clock.advance(1);
	t.is(state.current, 'stopping');
	await child.exit({code: null, signal: 'SIGTERM'});
	const outcome = await run.ended;
	t.like(outcome, {why: 'timed out', reason: 'timed out after 500ms', exit: {code: null, signal: 'SIGTERM'}, pid: child.pid, ranFor: 500});
	t.deepEqual(kinds(), ['pending→starting', 'starting', 'starting→running', 'running→stopping', 'stopping', 'stopped']);
	t.is(clock.pending, 0, 'no timer outlives the run');
});

test('a task that ends before its timeout ends as exited and drops the timer', async t => {
	const {run, clock, child} = spawnRun({run: 'once', timeout: 500});
	child.stderr.write('almost\n');
	await child.exit({code: 2, signal: null});
	t.like(await run.ended, {why: 'exited', reason: undefined, exit: {code: 2}, stderr: ['almost']});
	t.is(clock.pending, 0);
});

test('a failed postStart hook stops the spawn as a failure, and it is never probed', async t => {
	const {run, state, clock, child, seen} = spawnRun({hooks: {postStart: 'echo nope >&2; exit 3'}});
	await waitFor(() => state.current === 'stopping', 10_000, 'the failed hook to stop the spawn');
	t.like(seen.find(event => event.event === 'hook'), {hook: 'postStart', result: 'failed'});
	t.regex(String(seen.find(event => event.event === 'stopping')?.reason), /^postStart hook failed \(.*3.*nope/);
	await child.exit({code: null, signal: 'SIGTERM'});
	t.like(await run.ended, {why: 'postStart failed', exit: {signal: 'SIGTERM'}});
	await clock.advance(5000);
	t.false(seen.some(event => event.event === 'ready'), 'no readiness after a failed postStart');
});

test('a stop ends the run as stopped; `stopped` is told before the run ends', async t => {
	const {run, state, child, kinds} = spawnRun({});
	const stopping = run.stop();
	t.is(state.current, 'stopping');
	await child.exit({code: null, signal: 'SIGTERM'});
	await stopping;
	t.like(await run.ended, {why: 'stopped', reason: undefined});
	t.deepEqual(kinds().slice(-2), ['stopping', 'stopped']);
});

test('a stop blamed on a cause ends the run with that cause', async t => {
	const {run, child} = spawnRun({});
	run.blame('liveness failed');
	await child.exit({code: 1, signal: null});
	t.like(await run.ended, {why: 'liveness failed'});
});
