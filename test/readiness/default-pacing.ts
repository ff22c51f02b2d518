import path from 'node:path';
import test from 'ava';
import {fixture} from '../helpers/fixtures.js';
import {cpuMeter} from '../helpers/proc-usage.js';
import {makeProject} from '../helpers/project.js';
import {waitFor} from '../helpers/wait-for.js';
import {at, logged, startUnit} from '../helpers/unit.js';
import {attemptTimes} from './_pacing.js';

// Issue 29: a probe with no interval set is tried 100 ms apart at first, then ever more slowly up to once a second
// (lib/readiness/pacing.ts), so the supervisor idles while it waits. A fixed 100 ms would run ~60 attempts here.
const TIMEOUT = 6000;
// The slow phase's CPU: a tenth of what a fixed 100 ms exec probe costs, with room for a loaded machine (the bench,
// docs/benchmarks.md, measures the figure itself).
const MAX_CORES = 0.05;

test('an exec probe with no interval backs off to one attempt a second, and the supervisor idles', async t => {
	const runs = path.join(makeProject(t), 'runs');
	const probed = {command: fixture('forever.js'), readiness: {exec: ['/bin/sh', '-c', `date +%s%3N >> '${runs}'; exit 1`], timeout: `${TIMEOUT}ms`}};
	const unit = await startUnit(t, {main: {command: fixture('forever.js')}, sidecars: {probed}}, logged);
	const pid = unit.supervisor.pid!;
	// The slow phase starts after the ten fast attempts and three doublings (about 2.4 s).
	await waitFor(() => attemptTimes(runs).length >= 13 || unit.supervisor.exitCode !== null, TIMEOUT * 3, 'the fast attempts');
	const cores = cpuMeter(pid);
	const [starting] = await unit.until('probed', 'starting', 1, 10_000);
	await waitFor(() => unit.supervisor.exitCode !== null || Date.now() - at(starting!) >= TIMEOUT - 500, TIMEOUT * 3, 'the slow phase');
	const cpu = cores();
	const result = await unit.supervisor;
	t.is(result.exitCode, 69, String(result.stderr));

	const times = attemptTimes(runs);
	const gaps = times.slice(1).map((time, index) => time - times[index]!);
	t.log(`${times.length} attempts, gaps ${gaps.join(' ')} ms; ${cpu.toFixed(4)} cores in the slow phase`);
	// 10 fast, then pauses of 200, 400, 800 and 1000 ms: about 16 in 6 s (a late timer only makes fewer).
	t.true(times.length >= 12 && times.length <= 20, `${times.length} attempts in ${TIMEOUT} ms`);
	t.true(gaps.slice(0, 9).every(gap => gap < 400), `the first gaps: ${gaps.slice(0, 9).join(', ')}`);
	t.true(gaps.slice(13).every(gap => gap >= 900), `the late gaps: ${gaps.slice(13).join(', ')}`);
	t.true(cpu < MAX_CORES, `the supervisor used ${cpu.toFixed(3)} cores while it waited`);
});
