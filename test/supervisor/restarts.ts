import test from 'ava';
import {runCli} from '../helpers/cli.js';
import {fixture} from '../helpers/fixtures.js';
import {isAlive} from '../helpers/processes.js';
import {makeProject} from '../helpers/project.js';
import {at, logged, startUnit} from '../helpers/unit.js';
import {crasher} from './_unit.js';

test('main keeps its pid while a sidecar crashes 20 times', async t => {
	const {stop, events, until} = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {flaky: crasher()}}, logged);
	// Each `restarting` line follows its `exited` line, in a later write: wait for the one that comes last.
	await until('flaky', 'restarting', 20, 45_000); // Node takes up to ~0.5 s to start on a busy 2-core machine.
	const [mainStart] = events('main', 'starting');
	t.true(isAlive(mainStart!.pid as number));
	t.deepEqual([events('main', 'starting').length, events('main', 'exited').length], [1, 0], 'main started once, never exited');
	t.true(events('flaky', 'exited').length >= 20);
	await stop();
});

test('gaps between restarts grow by the factor and stop at max', async t => {
	const flaky = crasher({backoff: {initial: 50, factor: 2, max: 400}});
	const {stop, events, until} = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {flaky}}, logged);
	const restarting = (await until('flaky', 'restarting', 7)).slice(0, 7);
	const starts = await until('flaky', 'starting', 8);
	await stop();
	for (const [index, base] of [50, 100, 200, 400, 400, 400, 400].entries()) {
		const delay = restarting[index]!.delayMs as number;
		t.true(delay >= Math.floor(base * 0.9) && delay <= base, `restart ${index + 1}: delay ${delay}ms for ${base}ms`);
		// Observed gap between the decision and the next start, from the json timestamps (ms resolution). The upper
		// bound only catches a doubled wait: spawning on a loaded 2-core machine was seen to take over a second.
		const gap = at(starts[index + 1]!) - at(restarting[index]!);
		t.true(gap >= delay - 1 && gap < (2 * delay) + 3000, `restart ${index + 1}: gap ${gap}ms for a ${delay}ms delay`);
	}

	t.regex(String(restarting[0]!.reason), /exited \(code 1\)/);
	t.is(events('flaky', 'fatal').length, 0);
});

test('the backoff resets once a run lasted resetAfter', async t => {
	// Three instant crashes (the delay grows), then runs of 3 s, longer than resetAfter (the delay starts over).
	const flaky = crasher({command: fixture('crash-first.js', 'count', '3', '3000'), backoff: {initial: 50, factor: 2, max: 5000, resetAfter: 1500}});
	const {stop, events, until} = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {flaky}}, logged);
	const restarting = await until('flaky', 'restarting', 5);
	await stop();
	// Replay the rule over the observed run lengths (node can take over a second to start on a loaded machine).
	let attempt = 0;
	const resets: number[] = [];
	for (const [index, {delayMs}] of restarting.slice(0, 5).entries()) {
		const ran = at(events('flaky', 'exited')[index]!) - at(events('flaky', 'starting')[index]!);
		if (Math.abs(ran - 1500) < 100) {
			return t.log(`run ${index + 1} lasted ${ran}ms, too close to resetAfter to judge: not asserting`);
		}

		attempt = ran >= 1500 ? (resets.push(index), 0) : attempt;
		const base = 50 * (2 ** attempt++);
		t.true((delayMs as number) >= Math.floor(base * 0.9) && (delayMs as number) <= base, `restart ${index + 1} after ${ran}ms: ${String(delayMs)}ms, expected ${base}ms - 10 %`);
	}

	t.true(resets.includes(3) && resets.includes(4), `the long runs (4, 5) reset the backoff; resets after runs ${resets.map(index => index + 1).join(', ')}`);
});

test('a spent restart budget makes the sidecar fatal, and main runs on', async t => {
	const flaky = crasher({backoff: {initial: 10}, maxRestarts: {count: 2, window: '1m'}});
	const {stop, cwd, events, until} = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {flaky}}, logged);
	const [fatal] = await until('flaky', 'fatal');
	const {stdout} = await runCli(['status', '--json'], {cwd});
	const rows = (JSON.parse(stdout) as {processes: Array<{name: string}>}).processes;
	t.like(rows.find(({name}) => name === 'flaky'), {state: 'fatal', pid: null, restarts: 2});
	t.like(rows.find(({name}) => name === 'main'), {state: 'running', pid: events('main', 'starting')[0]!.pid});
	t.regex(String(fatal!.reason), /^2 restarts in 60s \(maxRestarts\.count 2\), last exit code 1$/);
	t.like(fatal, {code: 1, signal: null, restarts: 2, windowMs: 60_000});
	await stop();
	t.is(events('flaky', 'starting').length, 3, 'count 2: three starts, then it stays stopped');
	t.is(events('main', 'exited').length, 1, 'main ran until the unit was stopped');
});

test('a fatal critical sidecar ends the unit with 70, main stopped first', async t => {
	const flaky = crasher({critical: true, backoff: {initial: 10}, maxRestarts: {count: 1}});
	const {supervisor: cli, unit, events, lines} = await startUnit(t, {
		main: {command: fixture('stamp.js')},
		sidecars: {logship: {command: fixture('stamp.js')}, flaky},
	}, logged);
	const {exitCode} = await cli;
	t.is(exitCode, 70);
	const stopped = (name: string) => Number(/stopped (\d+)/.exec(lines(name).join('\n'))?.[1]);
	const [fatal, unitStopping] = [events('flaky', 'fatal')[0]!, events(unit, 'stopping')[0]!];
	t.regex(String(unitStopping.reason), /critical sidecar flaky is fatal/);
	t.true(at(fatal) <= at(unitStopping));
	t.true(at(unitStopping) <= stopped('main'));
	t.true(stopped('main') < stopped('logship'), 'main stopped before the other sidecar');
	t.true(at(events('main', 'stopped')[0]!) <= at(events('logship', 'stopping')[0]!));
});

test('restart and fatal events show their delay and reason in the pretty format too', async t => {
	const flaky = crasher({critical: true, backoff: {initial: 10}, maxRestarts: {count: 1}});
	const {exitCode, stdout} = await runCli(['run'], {cwd: makeProject(t, {'sidecar.config.json': {main: {command: fixture('forever.js')}, sidecars: {flaky}}})});
	t.is(exitCode, 70);
	t.regex(stdout, /flaky restarting \(delayMs \d+, restarts 1, reason exited \(code 1\)\)/);
	t.regex(stdout, /flaky fatal \(reason 1 restarts in 60s \(maxRestarts\.count 1\), last exit code 1, code 1, restarts 1/);
});

test('on-failure restarts crashes and signal deaths, not a clean exit; never restarts nothing', async t => {
	const sidecar = (restart: string, ...args: string[]) => crasher({command: fixture('exit.js', ...args), restart, maxRestarts: {count: 1}});
	const {stop, events, until} = await startUnit(t, {
		main: {command: fixture('forever.js')},
		sidecars: {
			clean: sidecar('on-failure', '0'),
			crashed: sidecar('on-failure', '3'),
			killed: sidecar('on-failure', 'SIGKILL'),
			never: sidecar('never', '3'),
			always: sidecar('always', '0'),
		},
	}, logged);
	await Promise.all(['crashed', 'killed', 'always'].map(async name => until(name, 'fatal')));
	await Promise.all(['clean', 'never'].map(async name => until(name, 'exited')));
	await stop();
	const count = (name: string, event: string) => events(name, event).length;
	t.deepEqual(['clean', 'crashed', 'killed', 'never', 'always'].map(name => [name, count(name, 'starting'), count(name, 'restarting')]), [
		['clean', 1, 0], ['crashed', 2, 1], ['killed', 2, 1], ['never', 1, 0], ['always', 2, 1],
	]);
	t.is(events('killed', 'exited')[0]!.signal, 'SIGKILL');
});

test('nothing restarts during shutdown', async t => {
	// Main takes 1.5 s to stop; the sidecar crashes 300 ms into each run, so it crashes while main stops.
	const flaky = crasher({command: fixture('exit.js', '1', '300'), backoff: {initial: 10, factor: 1}});
	const {stop, unit, events, until} = await startUnit(t, {main: {command: fixture('slow-term.js', '1500')}, sidecars: {flaky}}, logged);
	await until('flaky', 'starting', 3);
	await stop();
	const shutdown = at(events(unit, 'stopping')[0]!);
	const after = (event: string) => events('flaky', event).filter(entry => at(entry) >= shutdown);
	t.true(after('exited').length > 0, 'the sidecar crashed during shutdown');
	t.deepEqual([after('restarting').length, after('starting').length], [0, 0]);
});

test('a "before" sidecar that crashes during start-up is restarted while its readiness timeout runs', async t => {
	const flaky = {command: fixture('crash-first.js', 'count', '2'), readiness: {log: '^up', timeout: '10s'}, backoff: {initial: 10}};
	const {stop, events, until} = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {flaky}}, logged);
	const [mainStart] = await until('main', 'starting');
	await stop();
	t.is(events('flaky', 'restarting').length, 2);
	t.true(at(events('flaky', 'ready')[0]!) <= at(mainStart!));
});

test('a "before" sidecar that goes fatal aborts start-up with 69', async t => {
	const flaky = {command: fixture('exit.js', '1'), readiness: {log: '^up'}, backoff: {initial: 10}, maxRestarts: {count: 2}};
	const {supervisor: cli, events} = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {flaky}}, logged);
	const {exitCode, stderr} = await cli;
	t.is(exitCode, 69);
	t.regex(String(stderr), /unable to start flaky: it went fatal \(2 restarts in 60s/);
	t.deepEqual([events('flaky', 'starting').length, events('main', 'starting').length], [3, 0], 'three starts, and main never started');
});
