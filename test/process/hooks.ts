import {readFileSync} from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {fixture} from '../helpers/fixtures.js';
import {uniqueSleep, untilNoneRun} from '../helpers/proc-scan.js';
import {at, logged, startUnit} from '../helpers/unit.js';

const stampedAt = (lines: string[], name: string, what: string) => Number(lines.find(line => line.startsWith(`${name} ${what} `))?.split(' ')[2]);

test('preStop runs before the stop signal, for main and sidecars; postStart runs once the process has started, with SIDECAR_PID', async t => {
	const hooks = (name: string) => ({preStop: `node -e 'console.log(Date.now())' > prestop-${name}; sleep 0.3`, postStart: `echo $SIDECAR_PID > poststart-${name}`});
	const unit = await startUnit(t, {
		main: {command: fixture('stamp.js'), hooks: hooks('main')},
		sidecars: {helper: {command: fixture('stamp.js'), hooks: hooks('helper')}},
	}, logged);
	await unit.until('main', 'ready');
	const {exitCode} = await unit.stop();
	t.is(exitCode, 0);
	for (const name of ['main', 'helper']) {
		const preStop = Number(readFileSync(path.join(unit.cwd, `prestop-${name}`), 'utf8'));
		const stopped = stampedAt(unit.lines(name), name, 'stopped');
		t.true(preStop > 0 && stopped >= preStop + 250, `${name}: preStop at ${preStop}, SIGTERM handled at ${stopped}`);
		const [starting] = unit.events(name, 'starting');
		t.is(Number(readFileSync(path.join(unit.cwd, `poststart-${name}`), 'utf8')), Number(starting!.pid));
		t.deepEqual(unit.events(name, 'hook').map(entry => [entry.hook, entry.result]), [['postStart', 'ok'], ['preStop', 'ok']]);
	}
});

test('a preStop that hangs is ended at stopTimeout, and the process is stopped within it; what it started is gone', async t => {
	const seconds = uniqueSleep();
	const unit = await startUnit(t, {
		main: {command: fixture('exit.js', '0', '1500')},
		sidecars: {helper: {command: fixture('stamp.js'), stopTimeout: '1s', hooks: {preStop: `sleep ${seconds}`}}},
	}, logged);
	const {exitCode} = await unit.supervisor;
	t.is(exitCode, 0);
	const [stopping] = unit.events('helper', 'stopping');
	const [stopped] = unit.events('helper', 'stopped');
	const [hook] = unit.events('helper', 'hook');
	t.is(hook!.result, 'failed');
	t.regex(String(hook!.reason), /timed out after 1s/);
	const tookMs = at(stopped!) - at(stopping!);
	t.true(tookMs >= 950 && tookMs < 4000, `stopped ${tookMs}ms after stopping began`);
	await t.notThrowsAsync(untilNoneRun(['sleep', seconds]));
});

test('what a preStop forks is killed once it exits', async t => {
	const seconds = uniqueSleep();
	const unit = await startUnit(t, {
		main: {command: fixture('exit.js', '0', '1500')},
		sidecars: {helper: {command: fixture('stamp.js'), hooks: {preStop: `sleep ${seconds} & echo forked`}}},
	}, logged);
	t.is((await unit.supervisor).exitCode, 0);
	t.is(unit.events('helper', 'hook')[0]!.result, 'ok');
	await t.notThrowsAsync(untilNoneRun(['sleep', seconds]));
});

test('a postStart that fails stops the spawn as a crash: the restart policy decides', async t => {
	const unit = await startUnit(t, {
		main: {command: fixture('forever.js')},
		sidecars: {helper: {command: fixture('forever.js'), start: 'after', backoff: {initial: '50ms'}, hooks: {postStart: 'echo no config >&2; exit 3'}}},
	}, logged);
	const [restarting] = await unit.until('helper', 'restarting', 1, 20_000);
	t.is(restarting!.reason, 'postStart hook failed (exit code 3: no config)');
	t.is(unit.events('helper', 'ready').length, 0, 'never probed, never ready');
	t.is((await unit.stop()).exitCode, 143);
});

test('a sidecar whose postStart keeps failing goes fatal naming postStart, not liveness', async t => {
	const unit = await startUnit(t, {
		main: {command: fixture('forever.js')},
		sidecars: {helper: {command: fixture('forever.js'), start: 'after', maxRestarts: {count: 0}, hooks: {postStart: 'exit 3'}}},
	}, logged);
	const [fatal] = await unit.until('helper', 'fatal', 1, 20_000);
	t.regex(String(fatal!.reason), /, last postStart failed, then signal SIGTERM$/);
	t.like(unit.events('helper', 'exited')[0], {cause: 'postStart failed', stopped: undefined});
	t.is((await unit.stop()).exitCode, 143);
});
