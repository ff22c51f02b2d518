import {setTimeout as sleep} from 'node:timers/promises';
import test from 'ava';
import type {ResultPromise} from 'execa';
import {startCli} from '../test/helpers/cli.js';
import {survivors} from '../test/helpers/processes.js';
import {fixture} from '../test/helpers/fixtures.js';
import {makeProject} from '../test/helpers/project.js';
import {waitFor, waitForLine} from '../test/helpers/wait-for.js';
import {descendantStats, faultFixture, processesOf} from './helpers/host.js';

// SIGKILL of the supervisor in the middle of start-up, of shutdown and of a restart: within 3 s nothing it
// started may still run: no process recorded in its tree before the kill, none carrying its SIDECAR_SUPERVISOR_PID.
const treeSidecar = {command: fixture('fork-tree.js')}; // Ignores SIGTERM, with a grandchild that does too.

// Records every process of the supervisor's tree (sampled every 20 ms) until `moment` resolves, then SIGKILLs it.
async function killAt(supervisor: ResultPromise, moment: Promise<unknown>): Promise<number[]> {
	const seen = new Set<number>();
	let done = false;
	void moment.finally(() => {
		done = true;
	});
	while (!done) {
		descendantStats(supervisor.pid!).filter(stat => stat.state !== 'Z').forEach(stat => seen.add(stat.pid));
		await sleep(20);
	}

	descendantStats(supervisor.pid!).forEach(stat => seen.add(stat.pid));
	processesOf(supervisor.pid!).forEach(pid => seen.add(pid));
	supervisor.kill('SIGKILL');
	return [...seen];
}

async function leftAfterKill(supervisorPid: number, seen: number[]): Promise<number[]> {
	const alive = () => [...new Set([...survivors(seen), ...processesOf(supervisorPid)])];
	return waitFor(() => alive().length === 0, 3000, 'nothing left').then(() => [], () => alive());
}

const cleanup = (t: {teardown: (fn: () => void) => void}, pids: () => number[]) => {
	t.teardown(() => pids().forEach(pid => {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	}));
};

test.serial('SIGKILL mid start-up leaves no process behind', async t => {
	const project = makeProject(t, {'sidecar.config.json': {
		name: `midstart-${process.pid}`,
		main: {command: fixture('forever.js')},
		sidecars: {tree: treeSidecar, slow: {command: fixture('ready-after.js', '5000'), readiness: {log: 'ready'}}},
	}});
	const supervisor = startCli(t, ['run'], {cwd: project, buffer: false});
	supervisor.stderr!.resume();
	const seen = await killAt(supervisor, waitForLine(supervisor.stdout!, /tree +\| tree \d+ \d+/, 20_000).then(() => sleep(300)));
	cleanup(t, () => seen);
	t.true(seen.length >= 3, `the sidecars had started (${seen.length} processes)`);
	t.deepEqual(await leftAfterKill(supervisor.pid!, seen), []);
});

test.serial('SIGKILL mid shutdown leaves no process behind', async t => {
	const project = makeProject(t, {'sidecar.config.json': {
		name: `midstop-${process.pid}`,
		main: {command: fixture('forever.js')},
		sidecars: {tree: treeSidecar, slow: {command: fixture('slow-term.js', '5000')}},
	}});
	const supervisor = startCli(t, ['run'], {cwd: project, buffer: false});
	supervisor.stderr!.resume();
	await waitForLine(supervisor.stdout!, /main +\| pid \d+/, 20_000);
	const stopping = waitForLine(supervisor.stdout!, /slow stopping|stopping.*slow/, 10_000).catch(() => undefined);
	supervisor.kill('SIGTERM');
	const seen = await killAt(supervisor, stopping.then(() => sleep(200)));
	cleanup(t, () => seen);
	t.deepEqual(await leftAfterKill(supervisor.pid!, seen), []);
});

test.serial('SIGKILL mid restart leaves no process behind', async t => {
	const project = makeProject(t, {'sidecar.config.json': {
		name: `midrestart-${process.pid}`,
		main: {command: fixture('forever.js')},
		sidecars: {
			tree: treeSidecar,
			crashy: {command: faultFixture('random-crash.js', '/dev/null', '50', '150'), start: 'after', backoff: {initial: 0}, maxRestarts: {count: 1_000_000, window: '60s'}},
		},
	}});
	const supervisor = startCli(t, ['run'], {cwd: project, buffer: false});
	supervisor.stderr!.resume();
	const third = (async () => {
		for (let i = 0; i < 3; i++) {
			await waitForLine(supervisor.stdout!, /crashy (restarting|starting)/, 20_000);
		}
	})();
	const seen = await killAt(supervisor, third);
	cleanup(t, () => seen);
	t.deepEqual(await leftAfterKill(supervisor.pid!, seen), []);
});
