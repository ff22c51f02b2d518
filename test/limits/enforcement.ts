import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {chooseEnforcement, detectEnforcement, enforcementLabel, type DetectedCgroups, type Enforcement} from '../../lib/limits/enforcement.js';
import {EXIT, SidecarError} from '../../lib/errors.js';

// A fake host: a mount table and /proc/self/cgroup pointing into a temp dir laid out like cgroupfs.
async function fakeHost(t: import('ava').ExecutionContext, files: Record<string, string>, mounts: string[], self: string) {
	const root = await mkdtemp(path.join(tmpdir(), 'sidecar-detect-'));
	t.teardown(async () => rm(root, {recursive: true, force: true}));
	for (const [file, text] of Object.entries(files)) {
		await mkdir(path.dirname(path.join(root, file)), {recursive: true});
		await writeFile(path.join(root, file), text);
	}

	await writeFile(path.join(root, 'mounts'), mounts.map(line => line.replaceAll('ROOT', root)).join('\n'));
	await writeFile(path.join(root, 'cgroup'), self);
	return {root, options: {mounts: path.join(root, 'mounts'), selfCgroup: path.join(root, 'cgroup')}};
}

test('a cgroup2 tree offering memory and cpu in the supervisor\'s own group is v2', async t => {
	const {root, options} = await fakeHost(t, {
		'unified/system.slice/app.service/cgroup.controllers': 'cpuset cpu io memory pids\n',
		'unified/system.slice/app.service/cgroup.subtree_control': '',
	}, ['cgroup2 ROOT/unified cgroup2 rw,nosuid 0 0'], '0::/system.slice/app.service\n');
	const detected = detectEnforcement(options);
	t.deepEqual(detected.v2, {dir: path.join(root, 'unified/system.slice/app.service')});
});

test('an own cgroup path that cannot be reached (a file on the way: ENOTDIR) falls back to the mount point', async t => {
	const {root, options} = await fakeHost(t, {
		'unified/cgroup.controllers': 'cpu memory\n',
		'unified/cgroup.subtree_control': '',
		'unified/system.slice': 'not a directory',
	}, ['cgroup2 ROOT/unified cgroup2 rw,nosuid 0 0'], '0::/system.slice/app.service\n');
	t.deepEqual(detectEnforcement(options).v2, {dir: path.join(root, 'unified')});
});

test('cgroup2 without the controllers falls back to v1 memory and cpu, and says why', async t => {
	const {root, options} = await fakeHost(t, {
		'unified/cgroup.controllers': '',
		'memory/box/cgroup.procs': '',
		'cpu,cpuacct/cgroup.procs': '',
	}, [
		'cgroup2 ROOT/unified cgroup2 rw 0 0',
		'cgroup ROOT/memory cgroup rw,relatime,memory 0 0',
		'cgroup ROOT/cpu,cpuacct cgroup rw,relatime,cpu,cpuacct 0 0',
	], '4:memory:/box\n2:cpu,cpuacct:/\n0::/\n');
	const detected = detectEnforcement(options);
	t.is(detected.v2, null);
	t.deepEqual(detected.v1, {memory: path.join(root, 'memory/box'), cpu: path.join(root, 'cpu,cpuacct')});
	t.regex(detected.reasons[0]!, /does not offer the memory and cpu controllers/);
});

test('a host with no cgroups offers neither, with reasons', async t => {
	const {options} = await fakeHost(t, {}, ['proc /proc proc rw 0 0'], '');
	const detected = detectEnforcement(options);
	t.deepEqual(detected, {v2: null, v1: null, reasons: ['no cgroup2 hierarchy is mounted', 'the cgroup v1 memory controller is not mounted']});
});

test('this host: what detection finds', async t => {
	const detected = detectEnforcement();
	t.log(JSON.stringify(detected));
	if (process.getuid?.() === 0 && detected.v1 !== null) {
		t.true(detected.v1.memory.startsWith('/sys/fs/cgroup/memory'));
	}

	t.true(detected.v2 !== null || detected.v1 !== null || detected.reasons.length > 0);
});

const v2: DetectedCgroups = {v2: {dir: '/cg'}, v1: null, reasons: []};
const v1: DetectedCgroups = {v2: null, v1: {memory: '/m', cpu: '/c'}, reasons: ['no v2']};
const none: DetectedCgroups = {v2: null, v1: null, reasons: ['no cgroup2 hierarchy is mounted', 'the cgroup v1 memory controller is not mounted']};
type Limits = {memory: number | null; cpu: number | null; enforce: 'auto' | 'cgroup' | 'polling'};
const limits: Limits = {memory: 64 * 1024 * 1024, cpu: 0.5, enforce: 'auto'};
const chosen = test.macro((t, given: Partial<Limits>, detected: DetectedCgroups, expected: Enforcement) => {
	t.is(chooseEnforcement({...limits, ...given}, detected, 'logship'), expected);
});

test('no memory and no cpu limit is none', chosen, {memory: null, cpu: null}, v2, 'none');
test('auto prefers cgroup v2', chosen, {}, v2, 'cgroup-v2');
test('auto takes cgroup v1 without v2', chosen, {}, v1, 'cgroup-v1');
test('auto polls without cgroups', chosen, {}, none, 'polling');
test('polling can be forced where cgroups work', chosen, {enforce: 'polling'}, v2, 'polling');
test('cgroup is honoured when available', chosen, {enforce: 'cgroup'}, v1, 'cgroup-v1');

test('asking for cgroup where it cannot work is an error at start, not a downgrade', t => {
	const error = t.throws(() => chooseEnforcement({...limits, enforce: 'cgroup'}, none, 'logship'), {instanceOf: SidecarError});
	t.is(error?.message, 'unable to enforce limits of logship with cgroups: no cgroup2 hierarchy is mounted; the cgroup v1 memory controller is not mounted');
	t.is((error as SidecarError).exitCode, EXIT.unavailable);
});

test('status shows cgroup, polling or none', t => {
	t.deepEqual((['cgroup-v2', 'cgroup-v1', 'polling', 'none'] as const).map(e => enforcementLabel(e)), ['cgroup', 'cgroup', 'polling', 'none']);
});
