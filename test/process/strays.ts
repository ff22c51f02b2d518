import test, {type ExecutionContext} from 'ava';
import {runCli} from '../helpers/cli.js';
import {makeProject} from '../helpers/project.js';
import {pidsWithArgv, uniqueSleep, untilNoneRun} from '../helpers/proc-scan.js';

// Issue 21, item 5: no process of the unit outlives `sidecar run`, whatever it did. Each sleep has a unique duration,
// found by a /proc scan wherever it was reparented; main runs 1.5 s (the sidecars are ready after 1 s), then the unit stops.
const runUnit = async (t: ExecutionContext, sidecars: Record<string, {command: string[]; stopTimeout?: string}>, leaks: string[]) => {
	t.teardown(() => {
		for (const pid of leaks.flatMap(seconds => pidsWithArgv(['sleep', seconds]))) {
			process.kill(pid, 'SIGKILL');
		}
	});
	const cwd = makeProject(t, {'sidecar.config.json': {main: {command: ['/bin/sh', '-c', 'sleep 1.5']}, sidecars}});
	return runCli(['run'], {cwd});
};

test('a child that called setsid does not outlive a clean stop', async t => {
	const [stray, root] = [uniqueSleep(), uniqueSleep()];
	const result = await runUnit(t, {d: {command: ['/bin/sh', '-c', `setsid sleep ${stray} & exec sleep ${root}`]}}, [stray, root]);
	t.is(result.exitCode, 0, result.stderr);
	await t.notThrowsAsync(untilNoneRun(['sleep', stray], 1000));
});

test('a child that called setsid and ignores the stop signal is SIGKILLed at stopTimeout', async t => {
	const [stray, root] = [uniqueSleep(), uniqueSleep()];
	const command = ['/bin/sh', '-c', `setsid /bin/sh -c "trap '' TERM; sleep ${stray}" & exec sleep ${root}`];
	const result = await runUnit(t, {d: {command, stopTimeout: '500ms'}}, [stray, root]);
	t.is(result.exitCode, 0, result.stderr);
	await t.notThrowsAsync(untilNoneRun(['sleep', stray], 1000));
});

// The supervisor is a child subreaper (docs/host.md): a daemon whose parent exited long before the stop is its child.
test('a daemon that double-forked (its parent gone before the stop) does not outlive the unit', async t => {
	const [daemon, root] = [uniqueSleep(), uniqueSleep()];
	const result = await runUnit(t, {d: {command: ['/bin/sh', '-c', `(setsid sleep ${daemon} &); exec sleep ${root}`]}}, [daemon, root]);
	t.is(result.exitCode, 0, result.stderr);
	t.notRegex(result.stdout + result.stderr, /helper-missing|koffi/);
	await t.notThrowsAsync(untilNoneRun(['sleep', daemon], 1000));
});

// The unit reads one /proc pass for its first stop and each later stop's tree alone (proc/subtree-reader.ts, issue 29):
// the second sidecar's stray is found from that pass's members.
test('strays of sidecars stopped one after another do not outlive the unit', async t => {
	const [first, second, root1, root2] = [uniqueSleep(), uniqueSleep(), uniqueSleep(), uniqueSleep()];
	const sidecar = (stray: string, root: string) => ({command: ['/bin/sh', '-c', `setsid sleep ${stray} & exec sleep ${root}`]});
	const result = await runUnit(t, {a: sidecar(first, root1), b: sidecar(second, root2)}, [first, second, root1, root2]);
	t.is(result.exitCode, 0, result.stderr);
	await t.notThrowsAsync(untilNoneRun(['sleep', first], 1000));
	await t.notThrowsAsync(untilNoneRun(['sleep', second], 1000));
});
