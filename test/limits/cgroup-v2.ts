import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {CgroupV2Driver} from '../../lib/limits/cgroup-v2.js';
import type {CgroupWorld} from '../../lib/limits/cgroup-driver.js';

// The kernel's side of a kill, on plain files: the pid leaves every cgroup.procs.
const forget = (dir: string, pid: number): void => {
	for (const entry of readdirSync(dir, {withFileTypes: true})) {
		const file = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			forget(file, pid);
		} else if (entry.name === 'cgroup.procs') {
			writeFileSync(file, readFileSync(file, 'utf8').split('\n').filter(line => line !== String(pid)).join('\n'));
		}
	}
};

// A temp dir laid out like the supervisor's cgroup2 group, and a world that treats it as cgroupfs.
async function fakeCgroup2(t: ExecutionContext, parentProcs = '') {
	const root = await mkdtemp(path.join(tmpdir(), 'sidecar-cg2-'));
	t.teardown(async () => rm(root, {recursive: true, force: true}));
	await writeFile(path.join(root, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
	await writeFile(path.join(root, 'cgroup.subtree_control'), '');
	await writeFile(path.join(root, 'cgroup.procs'), parentProcs);
	const killed: Array<[number, string]> = [];
	const world: Partial<CgroupWorld> = {
		// Plain directories hold plain files; cgroupfs lets rmdir remove a group with only interface files in it.
		rmdir: async dir => rm(dir, {recursive: true}),
		kill(pid, signal) {
			killed.push([pid, signal]);
			forget(root, pid);
		},
		selfPid: -1,
	};
	return {root, world, killed, read: async (file: string) => readFile(path.join(root, file), 'utf8')};
}

test('createUnit enables memory and cpu for the unit and its groups', async t => {
	const {root, world, read} = await fakeCgroup2(t);
	const driver = new CgroupV2Driver(root, 'shop', world);
	await driver.createUnit();
	t.is(driver.unitDir, path.join(root, 'sidecar-shop'));
	t.is(await read('cgroup.subtree_control'), '+memory +cpu');
	t.is(await read('sidecar-shop/cgroup.subtree_control'), '+memory +cpu');
});

test('a supervisor group holding processes moves them to a leaf before enabling controllers', async t => {
	const {root, world, read} = await fakeCgroup2(t, '4242\n');
	let busy = true;
	const driver = new CgroupV2Driver(root, 'shop', {
		...world,
		async writeFile(file, data) {
			if (busy && file === path.join(root, 'cgroup.subtree_control')) {
				throw Object.assign(new Error('EBUSY: resource busy'), {code: 'EBUSY'});
			}

			busy &&= !file.endsWith(path.join('sidecar-leaf', 'cgroup.procs'));
			await writeFile(file, data);
		},
	});
	await driver.createUnit();
	t.is(await read('sidecar-leaf/cgroup.procs'), '4242');
	t.is(await read('cgroup.subtree_control'), '+memory +cpu');
});

test('createGroup writes memory.max and cpu.max and returns the procs file for the wrapper', async t => {
	const {root, world, read} = await fakeCgroup2(t);
	const driver = new CgroupV2Driver(root, 'shop', world);
	await driver.createUnit();
	t.deepEqual(await driver.createGroup('log.ship', {memory: 64 * 1024 * 1024, cpu: 0.25}), [path.join(root, 'sidecar-shop/log_ship/cgroup.procs')]);
	t.is(await read('sidecar-shop/log_ship/memory.max'), '67108864');
	t.is(await read('sidecar-shop/log_ship/cpu.max'), '25000 100000');
	await driver.createGroup('main', {memory: null, cpu: null});
	t.is(await read('sidecar-shop/main/memory.max'), 'max');
	t.is(await read('sidecar-shop/main/cpu.max'), 'max 100000');
});

test('swap is switched off for a memory-limited group where the kernel offers memory.swap.max', async t => {
	const {root, world, read} = await fakeCgroup2(t);
	const driver = new CgroupV2Driver(root, 'shop', {...world, exists: async file => file.endsWith('memory.swap.max') || existsSync(file)});
	await driver.createUnit();
	await driver.createGroup('logship', {memory: 1 << 20, cpu: null});
	t.is(await read('sidecar-shop/logship/memory.swap.max'), '0');
});

test('memory.events gives OOM kills and limit hits; cgroup.procs gives pids', async t => {
	const {root, world} = await fakeCgroup2(t);
	const driver = new CgroupV2Driver(root, 'shop', world);
	await driver.createUnit();
	await driver.createGroup('logship', {memory: 1 << 20, cpu: null});
	t.deepEqual(await driver.memoryEvents('logship'), {oomKills: 0, limitHits: 0});
	await writeFile(path.join(root, 'sidecar-shop/logship/memory.events'), 'low 0\nhigh 0\nmax 7\noom 1\noom_kill 1\n');
	await writeFile(path.join(root, 'sidecar-shop/logship/cgroup.procs'), '12\n34\n');
	t.deepEqual(await driver.memoryEvents('logship'), {oomKills: 1, limitHits: 7});
	t.deepEqual(await driver.pids('logship'), [12, 34]);
});

test('killGroup writes cgroup.kill and SIGKILLs until the group is empty; a new start gets a fresh group', async t => {
	const {root, world, killed, read} = await fakeCgroup2(t);
	const driver = new CgroupV2Driver(root, 'shop', world);
	await driver.createUnit();
	await driver.createGroup('logship', {memory: 1 << 20, cpu: null});
	await writeFile(path.join(root, 'sidecar-shop/logship/cgroup.procs'), '12\n34\n');
	await writeFile(path.join(root, 'sidecar-shop/logship/cgroup.kill'), '');
	await writeFile(path.join(root, 'sidecar-shop/logship/memory.events'), 'oom_kill 3\n');
	await driver.killGroup('logship');
	t.is(await read('sidecar-shop/logship/cgroup.kill'), '1');
	t.deepEqual(killed, [[12, 'SIGKILL'], [34, 'SIGKILL']]);
	await driver.createGroup('logship', {memory: 1 << 20, cpu: null});
	t.deepEqual(await driver.memoryEvents('logship'), {oomKills: 0, limitHits: 0});
	await driver.removeGroup('logship');
	t.false(existsSync(path.join(root, 'sidecar-shop/logship')));
});

test('the next supervisor kills and removes what a crashed one left', async t => {
	const {root, world, killed} = await fakeCgroup2(t);
	await mkdir(path.join(root, 'sidecar-shop/logship'), {recursive: true});
	await writeFile(path.join(root, 'sidecar-shop/logship/cgroup.procs'), '77\n');
	await mkdir(path.join(root, 'sidecar-other/main'), {recursive: true});
	t.deepEqual(await new CgroupV2Driver(root, 'shop', world).cleanupLeftovers(), [77]);
	t.deepEqual(killed, [[77, 'SIGKILL']]);
	t.false(existsSync(path.join(root, 'sidecar-shop')));
	t.true(existsSync(path.join(root, 'sidecar-other')), 'another unit\'s groups are not touched');
});
