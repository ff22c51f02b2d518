import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {fixture} from '../helpers/fixtures.js';
import {freePortRange} from '../helpers/ports.js';
import {isAlive} from '../helpers/processes.js';
import {startUnit, waitAllReady, type RunningUnit} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';

// Replicated sidecars with real processes (docs/config.md, Replicas; docs/control.md, Replicas).

const main = {command: fixture('forever.js')};
const quote = (parts: string[]): string => parts.map(part => `'${part}'`).join(' ');

const readLog = (cwd: string, index: number): string => {
	try {
		return readFileSync(path.join(cwd, 'logs', `worker-${index}.log`), 'utf8');
	} catch {
		return ''; // Not written yet.
	}
};

const instancePids = async (unit: RunningUnit, group = 'worker'): Promise<Record<string, number | null>> =>
	Object.fromEntries((await unit.status()).processes.filter(entry => entry.group === group).map(entry => [entry.name, entry.pid]));

test('each instance gets its own values in its command, env, readiness probe and log file', async t => {
	const base = await freePortRange(3);
	const server = quote(fixture('tcp-server.js'));
	const unit = await startUnit(t, {
		main,
		sidecars: {worker: {
			command: `echo "slot=$SLOT replica=$SIDECAR_REPLICA of=$SIDECAR_REPLICAS port=$SIDECAR_PORT arg=\${SIDECAR_PORT}"; exec ${server} \${SIDECAR_PORT}`,
			env: {SLOT: 'slot-${SIDECAR_REPLICA}'},
			replicas: {count: 3, port: base},
			readiness: {tcp: '${SIDECAR_PORT}'},
			logs: {file: 'logs/worker-${SIDECAR_REPLICA}.log'},
		}},
	}, {json: true});
	await waitAllReady(unit);
	for (const index of [0, 1, 2]) {
		const port = base + index;
		t.is((await unit.until(`worker-${index}`, 'ready'))[0]!.probe, 'tcp');
		// The log file is written as the lines come: wait for both, then check each is that instance's.
		const file = await waitFor(() => {
			const text = readLog(unit.cwd, index);
			return text.includes('"line":"listening') ? text : undefined;
		}, 10_000, `worker-${index}'s log file`);
		t.regex(file, new RegExp(`"line":"slot=slot-${index} replica=${index} of=3 port=${port} arg=${port}"`));
		t.regex(file, new RegExp(`"line":"listening ${port}"`));
	}

	const {groups} = await unit.status();
	t.deepEqual(groups, [{name: 'worker', state: 'running', ready: 3, desired: 3, configured: 3, instances: ['worker-0', 'worker-1', 'worker-2']}]);
	await unit.stop();
});

test('a crash-looping instance restarts alone: its siblings keep their pids, and the group reports degraded', async t => {
	const forever = quote(fixture('forever.js'));
	const unit = await startUnit(t, {
		main,
		sidecars: {worker: {
			command: `if [ "$SIDECAR_REPLICA" = 1 ] && [ -e crash ]; then echo down >&2; exit 3; fi; exec ${forever}`,
			replicas: {count: 3, minReady: 2},
			backoff: {initial: '50ms', max: '50ms'},
			maxRestarts: {count: 100, window: '60s'},
		}},
	}, {json: true, files: {crash: ''}});
	await unit.until('worker-0', 'ready');
	await unit.until('worker-2', 'ready');
	const before = await instancePids(unit);
	await unit.until('worker-1', 'restarting', 5);
	const after = await instancePids(unit);
	t.is(after['worker-0'], before['worker-0']);
	t.is(after['worker-2'], before['worker-2']);
	t.true(isAlive(after['worker-0']!) && isAlive(after['worker-2']!));
	t.is(unit.events('worker-0', 'restarting').length + unit.events('worker-2', 'restarting').length, 0);
	const {groups} = await unit.status();
	t.like(groups[0], {name: 'worker', state: 'degraded', desired: 3});
	await unit.stop();
});

test('scale 4 → 6 → 2 → 0 → 3: the survivors keep their pids, a scale down stops the highest first, each through its drain', async t => {
	const unit = await startUnit(t, {
		main,
		sidecars: {worker: {command: fixture('forever.js'), replicas: 4, drain: {delay: '200ms'}}},
	}, {json: true});
	await waitAllReady(unit);
	const scale = async (count: number) => {
		const result = await unit.cli(['scale', 'worker', String(count)]);
		t.is(result.exitCode, 0, result.stderr);
		return result.stdout;
	};

	const four = await instancePids(unit);
	t.is(await scale(6), 'scaled worker from 4 to 6 (started worker-4, worker-5)');
	const six = await instancePids(unit);
	t.deepEqual(Object.keys(six), ['worker-0', 'worker-1', 'worker-2', 'worker-3', 'worker-4', 'worker-5']);
	t.like(six, four, 'the four that were running are the same processes');
	t.true(Object.values(six).every(pid => pid !== null && isAlive(pid)));

	t.is(await scale(2), 'scaled worker from 6 to 2 (stopped worker-5, worker-4, worker-3, worker-2)');
	const stopOrder = unit.entries().filter(entry => ['draining', 'stopping'].includes(entry.event!) && entry.name.startsWith('worker-')).map(entry => `${entry.name} ${entry.event}`);
	t.deepEqual(stopOrder, ['worker-5 draining', 'worker-5 stopping', 'worker-4 draining', 'worker-4 stopping', 'worker-3 draining', 'worker-3 stopping', 'worker-2 draining', 'worker-2 stopping']);
	t.deepEqual(await instancePids(unit), {'worker-0': four['worker-0'], 'worker-1': four['worker-1']});
	t.false([six['worker-2'], six['worker-3'], six['worker-4'], six['worker-5']].some(pid => isAlive(pid!)));

	t.is(await scale(0), 'scaled worker from 2 to 0 (stopped worker-1, worker-0)');
	t.deepEqual(await instancePids(unit), {});
	t.like((await unit.status()).groups[0], {name: 'worker', desired: 0, configured: 4, ready: 0, instances: []});
	const status = await unit.cli(['status']);
	t.regex(status.stdout, /^worker +running \(scaled to 0, config 4\) .* 0\/0 /m);

	t.is(await scale(3), 'scaled worker from 0 to 3 (started worker-0, worker-1, worker-2)');
	const three = await instancePids(unit);
	t.true(Object.values(three).every(pid => pid !== null && isAlive(pid) && !Object.values(six).includes(pid)));
	t.like(unit.events('worker', 'scale').map(({from, to}) => ({from, to})), [{from: 4, to: 6}, {from: 6, to: 2}, {from: 2, to: 0}, {from: 0, to: 3}]);
	t.is((await unit.pids()).main, (await unit.pids()).main);
	await unit.stop();
});

test('scale refuses a process that is not replicated, a count that is not a number, and an instance that would collide', async t => {
	const unit = await startUnit(t, {
		main,
		sidecars: {worker: {command: fixture('forever.js'), replicas: 1}, 'worker-2': {command: fixture('forever.js')}},
	}, {json: true});
	await waitAllReady(unit);
	const plain = await unit.cli(['scale', 'worker-2', '3']);
	t.is(plain.exitCode, 64);
	t.is(plain.stderr, 'sidecar: unable to scale worker-2: it is not a replicated sidecar (replicated sidecars: worker; set replicas in its config)');
	const word = await unit.cli(['scale', 'worker', 'many']);
	t.is(word.exitCode, 64);
	t.regex(word.stderr, /scale: got "many" for N, expected a whole number from 0 to 1000/);
	const collision = await unit.cli(['scale', 'worker', '3']);
	t.is(collision.exitCode, 64);
	t.regex(collision.stderr, /unable to scale worker to 3: .*"worker-2" is both an instance of worker and a sidecar of its own/);
	t.deepEqual(Object.keys(await instancePids(unit)), ['worker-0'], 'nothing was started');
	t.like((await unit.status()).groups[0], {desired: 1});
	await unit.stop();
});

test('a rolling restart never has more than one instance unready, and each comes back with a new pid', async t => {
	const base = await freePortRange(3);
	const unit = await startUnit(t, {
		main,
		sidecars: {worker: {
			command: [...fixture('tcp-server.js'), '${SIDECAR_PORT}', '300'],
			replicas: {count: 3, port: base},
			readiness: {tcp: '${SIDECAR_PORT}', interval: '50ms'},
		}},
	}, {json: true});
	await waitAllReady(unit);
	const before = await instancePids(unit);
	const restart = unit.cli(['restart', 'worker']);
	let mostUnready = 0;
	let sawUnready = false;
	let done = false;
	void restart.then(() => {
		done = true;
	});
	while (!done) {
		const {processes} = await unit.status();
		const unready = processes.filter(entry => entry.group === 'worker' && !entry.ready).length;
		mostUnready = Math.max(mostUnready, unready);
		sawUnready ||= unready > 0;
	}

	const result = await restart;
	t.is(result.exitCode, 0, result.stderr);
	t.true(sawUnready, 'the poll saw an instance restarting');
	t.is(mostUnready, 1);
	const after = await instancePids(unit);
	for (const name of Object.keys(before)) {
		t.not(after[name], before[name]);
	}

	t.regex(result.stdout, /^restarted worker \(worker-0 \d+, worker-1 \d+, worker-2 \d+\)$/);
	const starts = unit.entries().filter(entry => entry.event === 'ready' && entry.name.startsWith('worker-')).slice(3).map(entry => entry.name);
	t.deepEqual(starts, ['worker-0', 'worker-1', 'worker-2'], 'one at a time, in order');
	await unit.stop();
});

test('reload with a new count starts only the new instances; the others keep their pids', async t => {
	const config = (count: number) => ({main, sidecars: {worker: {command: fixture('forever.js'), replicas: count}}});
	const unit = await startUnit(t, config(4), {json: true});
	await waitAllReady(unit);
	const before = await instancePids(unit);
	await unit.cli(['scale', 'worker', '2']);
	writeFileSync(path.join(unit.cwd, 'sidecar.config.json'), JSON.stringify(config(6)));
	const reload = await unit.cli(['reload']);
	t.is(reload.exitCode, 0, reload.stderr);
	t.regex(reload.stdout, /^ {2}added: worker-2, worker-3, worker-4, worker-5$/m);
	t.regex(reload.stdout, /^ {2}unchanged: worker-0, worker-1$/m);
	const after = await waitFor(async () => {
		const pids = await instancePids(unit);
		return Object.keys(pids).length === 6 ? pids : undefined;
	}, 10_000, 'six instances');
	t.is(after['worker-0'], before['worker-0']);
	t.is(after['worker-1'], before['worker-1']);
	t.like((await unit.status()).groups[0], {desired: 6, configured: 6});
	await unit.stop();
});

test('signal NAME reaches every instance; stop NAME holds them all and start NAME brings them back', async t => {
	const unit = await startUnit(t, {
		main,
		sidecars: {worker: {command: fixture('print-signals.js'), replicas: 2}},
	}, {json: true});
	await waitAllReady(unit);
	const signal = await unit.cli(['signal', 'worker', 'USR1']);
	t.is(signal.exitCode, 0, signal.stderr);
	const pids = await instancePids(unit);
	t.is(signal.stdout, `sent SIGUSR1 to worker (process groups ${pids['worker-0']}, ${pids['worker-1']})`);
	await waitFor(() => unit.lines('worker-0').some(line => line.includes('SIGUSR1')) && unit.lines('worker-1').some(line => line.includes('SIGUSR1')), 10_000, 'both instances to see SIGUSR1');
	const stop = await unit.cli(['stop', 'worker']);
	t.is(stop.exitCode, 0, stop.stderr);
	t.deepEqual((await unit.status()).processes.filter(entry => entry.group === 'worker').map(entry => entry.state), ['stopped', 'stopped']);
	const refused = await unit.cli(['signal', 'worker', 'USR1']);
	t.is(refused.exitCode, 1);
	t.is(refused.stderr, 'sidecar: unable to signal worker: none of its instances is running');
	const start = await unit.cli(['start', 'worker']);
	t.is(start.exitCode, 0, start.stderr);
	t.deepEqual((await unit.status()).processes.filter(entry => entry.group === 'worker').map(entry => entry.ready), [true, true]);
	await unit.stop();
});
