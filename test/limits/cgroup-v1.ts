import {existsSync} from 'node:fs';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import test, {type ExecutionContext} from 'ava';
import {CgroupV1Driver} from '../../lib/limits/cgroup-v1.js';
import {cgroupWrapper} from '../../lib/limits/cgroup-wrapper.js';
import {fixture, start, treeTicks, unitName, v1Roots, waitFor} from './_helpers.js';

const MiB = 1024 * 1024;
const roots = await v1Roots();
// Needs root and writable cgroup v1 memory+cpu controllers; ava counts the tests as skipped otherwise.
const cgroupTest = typeof roots === 'string' ? test.skip : test;
const cgroupSerialTest = typeof roots === 'string' ? test.serial.skip : test.serial;

// The roots, in tests that cgroupTest runs only when they are usable.
function usableRoots(): {memory: string; cpu: string} {
	if (typeof roots === 'string') {
		throw new TypeError(`cgroup v1 is not usable here: ${roots}`);
	}

	return roots;
}

// A driver for a unit of this test alone, removed with everything in it at teardown.
async function unit(t: ExecutionContext, label: string): Promise<CgroupV1Driver> {
	const driver = new CgroupV1Driver(usableRoots(), unitName(label));
	t.teardown(async () => {
		await driver.removeUnit();
	});
	await driver.createUnit();
	return driver;
}

cgroupTest('a wrapped child is in its memory and cpu groups before its own code runs', async t => {
	const driver = await unit(t, 'wrap');
	const procs = await driver.createGroup('print', {memory: 64 * MiB, cpu: 0.5});
	const printer = await start(t, [...cgroupWrapper(procs), ...fixture('print-cgroup.js')]);
	await printer.child;
	const {cgroup} = JSON.parse(printer.output()) as {cgroup: string};
	t.regex(cgroup, new RegExp(`:memory:.*/sidecar-${unitName('wrap')}/print\n`));
	t.regex(cgroup, new RegExp(`:cpu(,cpuacct)?:.*/sidecar-${unitName('wrap')}/print\n`));
});

cgroupTest('a memory hog in a 64MiB group is OOM-killed by the kernel and the OOM is recognised', async t => {
	const driver = await unit(t, 'oom');
	const procs = await driver.createGroup('hog', {memory: 64 * MiB, cpu: null});
	const hog = await start(t, [...cgroupWrapper(procs), ...fixture('hog-memory.js', 256, 5)]);
	let lastLine = performance.now();
	hog.child.stdout!.on('data', () => {
		lastLine = performance.now();
	});
	const result = await hog.child;
	const killedAfter = performance.now() - lastLine;
	t.is(result.signal, 'SIGKILL');
	t.regex(hog.output(), /hog \d+ MiB/);
	t.notRegex(hog.output(), /hog 64 MiB/);
	const events = await driver.memoryEvents('hog');
	t.true(events.oomKills >= 1, JSON.stringify(events));
	t.true(events.limitHits >= 1);
	t.deepEqual(await driver.pids('hog'), []);
	t.log(`OOM-killed after ${hog.output().trim().split('\n').at(-1)}; breach → kill ${killedAfter.toFixed(1)} ms after the last progress line; ${JSON.stringify(events)}`);
	await driver.removeGroup('hog');
	t.false(existsSync(path.join(driver.unitDirs.memory, 'hog')));
	t.false(existsSync(path.join(driver.unitDirs.cpu, 'hog')));
});

cgroupSerialTest('a busy loop in a group with cpu 0.25 averages 0.25 ± 0.07 cores over 10 s', async t => {
	const driver = await unit(t, 'cpu');
	// A busy host (CI, or other tests) must not starve the group below its quota: weight it above the rest.
	await writeFile(path.join(driver.unitDirs.cpu, 'cpu.shares'), '262144');
	const procs = await driver.createGroup('spin', {memory: null, cpu: 0.25});
	const {pid} = await start(t, [...cgroupWrapper(procs), ...fixture('spin-cpu.js')], /spinning/);
	const [before, since] = [await treeTicks(pid), performance.now()];
	await sleep(10_000); // The measuring window itself, not a wait for a condition.
	const cores = (await treeTicks(pid) - before) / 100 / ((performance.now() - since) / 1000);
	t.log(`cgroup v1 cpu 0.25: averaged ${cores.toFixed(3)} cores over 10 s`);
	t.true(Math.abs(cores - 0.25) <= 0.07, `${cores}`);
});

cgroupTest('the next supervisor kills and removes the groups a crashed one left', async t => {
	const crashed = await unit(t, 'left');
	const procs = await crashed.createGroup('orphan', {memory: 64 * MiB, cpu: 0.5});
	const {pid, child} = await start(t, [...cgroupWrapper(procs), ...fixture('hog-memory.js', 4)], /hog 4 MiB/);
	const next = new CgroupV1Driver(usableRoots(), unitName('left'));
	t.deepEqual(await next.cleanupLeftovers(), [pid]);
	t.is((await child).signal, 'SIGKILL');
	t.false(existsSync(crashed.unitDirs.memory));
	t.false(existsSync(crashed.unitDirs.cpu));
	await waitFor(async () => (await next.cleanupLeftovers()).length === 0, 1000, 'nothing left');
});
