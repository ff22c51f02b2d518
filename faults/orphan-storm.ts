import {spawnSync} from 'node:child_process';
import {setTimeout as sleep} from 'node:timers/promises';
import test from 'ava';
import {execa} from 'execa';
import {BIN} from '../test/helpers/cli.js';
import {makeProject} from '../test/helpers/project.js';
import {waitFor} from '../test/helpers/wait-for.js';
import {descendantStats, faultFixture, footprint, median} from './helpers/host.js';

// Issue 21, item 2: main leaves 100 orphans a second for FAULTS_ORPHANS_S seconds. The supervisor runs as PID 1 of a
// PID namespace when root, else as a child subreaper; either way every orphan is its child, and must be reaped.
// bench/orphan-storm.js runs the same storm for 10 minutes (docs/benchmarks.md).
const SECONDS = Number(process.env.FAULTS_ORPHANS_S ?? 45);
const namespace = process.getuid?.() === 0 && spawnSync('unshare', ['--pid', '--fork', '--mount-proc', '/bin/true']).status === 0;

test(`100 orphans a second for ${SECONDS} s: each reaped within a second, the supervisor's RSS flat`, async t => {
	t.timeout((SECONDS + 60) * 1000);
	const cwd = makeProject(t, {'sidecar.config.json': {main: {command: faultFixture('orphan-storm.js', '100')}}});
	const argv = [process.execPath, BIN, 'run'];
	const launched = execa(namespace ? 'unshare' : argv[0]!, namespace ? ['--pid', '--fork', '--mount-proc', ...argv] : argv.slice(1), {cwd, reject: false, env: {NO_COLOR: '1', XDG_RUNTIME_DIR: ''}});
	// As PID 1 the supervisor is unshare's child.
	const supervisor = namespace ? await waitFor(() => descendantStats(launched.pid!)[0]?.pid, 10_000, 'the supervisor') : launched.pid!;
	t.teardown(() => {
		launched.kill('SIGKILL');
		try {
			process.kill(supervisor, 'SIGKILL');
		} catch {} // Gone already.
	});
	await sleep(3000); // Start-up and main's first bursts.

	const samples: number[] = [];
	const seen = new Map<number, number>(); // Zombie pid → samples in a row it was seen.
	let stuck: number[] = [];
	for (const deadline = Date.now() + (SECONDS * 1000); Date.now() < deadline;) {
		samples.push(footprint(supervisor).rss);
		const zombies = new Set(descendantStats(supervisor).filter(stat => stat.state === 'Z' && stat.ppid === supervisor).map(stat => stat.pid));
		for (const pid of zombies) {
			seen.set(pid, (seen.get(pid) ?? 0) + 1);
		}

		stuck = [...stuck, ...[...seen].filter(([pid, times]) => times >= 2 && zombies.has(pid)).map(([pid]) => pid)];
		[...seen.keys()].filter(pid => !zombies.has(pid)).forEach(pid => seen.delete(pid));
		await sleep(1000);
	}

	process.kill(supervisor, 'SIGTERM');
	const result = await launched;
	const quarter = Math.max(1, Math.floor(samples.length / 4));
	const [early, late] = [median(samples.slice(quarter, 2 * quarter)), median(samples.slice(-quarter))];
	t.log(`as ${namespace ? 'PID 1' : 'a subreaper'}: RSS ${early.toFixed(1)} → ${late.toFixed(1)} MiB`);
	t.is(result.exitCode, 0, 'main exits 0 on SIGTERM, and the unit with it');
	t.deepEqual([...new Set(stuck)], [], 'no zombie was seen a second later');
	t.true(late - early < 8, `the supervisor's RSS stays flat (${early.toFixed(1)} → ${late.toFixed(1)} MiB)`);
});
