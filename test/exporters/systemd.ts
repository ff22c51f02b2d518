import {access, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {execa} from 'execa';
import {exportSystemd} from '../../lib/exporters/systemd.js';
import {sampleConfig} from './_sample-config.js';

const systemdAnalyze = '/usr/bin/systemd-analyze';

// A real unit in a temp dir: ExecStart points at this node and at a bin file that exists.
const writeUnit = async (t: ExecutionContext, edit = (unit: string) => unit, file: string | null = '/srv/shop/sidecar.config.ts', stopSignal: NodeJS.Signals = 'SIGTERM') => {
	const directory = await mkdtemp(path.join(tmpdir(), 'sidecar-systemd-'));
	t.teardown(() => rm(directory, {recursive: true, force: true}));
	const bin = path.join(directory, 'sidecar bin.js');
	await writeFile(bin, '');
	const unit = path.join(directory, 'shop.service');
	const config = sampleConfig({directory, file});
	config.main.stopSignal = stopSignal;
	await writeFile(unit, edit(exportSystemd(config, {node: process.execPath, bin})));
	return unit;
};

// systemd-analyze exits 0 even when it ignores a bad line, so a clean unit is one it says nothing about.
const verify = async (unit: string) => {
	const {exitCode, stderr} = await execa(systemdAnalyze, ['verify', '--man=no', '--generators=no', unit], {reject: false});
	return {exitCode, complaints: stderr.split('\n').filter(line => line.includes(path.basename(unit)))};
};

const hasSystemdAnalyze = await access(systemdAnalyze).then(() => true, () => false);

// Without systemd-analyze the check cannot run: ava counts it as skipped.
const verifyTest = hasSystemdAnalyze ? test : test.skip;

verifyTest('systemd-analyze verify accepts the exported unit', async t => {
	const {exitCode, complaints} = await verify(await writeUnit(t));
	t.is(exitCode, 0);
	t.deepEqual(complaints, []);
});

verifyTest('systemd-analyze verify accepts a unit with no config file', async t => {
	const {exitCode, complaints} = await verify(await writeUnit(t, undefined, null));
	t.is(exitCode, 0);
	t.deepEqual(complaints, []);
});

verifyTest('systemd-analyze verify accepts SuccessExitStatus for every stop signal', async t => {
	for (const stopSignal of ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGUSR2', 'SIGWINCH'] as const) {
		const {exitCode, complaints} = await verify(await writeUnit(t, undefined, undefined, stopSignal));
		t.is(exitCode, 0, stopSignal);
		t.deepEqual(complaints, [], stopSignal);
	}
});

verifyTest('the verify check is live: it reports a broken setting', async t => {
	const {complaints} = await verify(await writeUnit(t, unit => unit.replace('Type=notify', 'Type=notifyy')));
	t.true(complaints.some(line => line.includes('notifyy')), complaints.join('\n'));
	const badStatus = await verify(await writeUnit(t, unit => unit.replace(/^SuccessExitStatus=.*$/m, 'SuccessExitStatus=143 SIGBOGUS')));
	t.true(badStatus.complaints.some(line => line.includes('SIGBOGUS')), badStatus.complaints.join('\n'));
});

const settings = (unit: string) => new Map(unit.split('\n')
	.filter(line => /^\w+=/.test(line))
	.map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));

const sample = settings(exportSystemd(sampleConfig(), {node: '/usr/bin/node', bin: '/opt/sidecar/dist/cli/sidecar.js'}));

test('wraps `sidecar run` with absolute paths in the config directory', t => {
	t.is(sample.get('ExecStart'), '/usr/bin/node /opt/sidecar/dist/cli/sidecar.js run --config /srv/shop/sidecar.config.ts');
	t.is(sample.get('WorkingDirectory'), '/srv/shop');
});

test('speaks sd_notify, reloads by SIGHUP and restarts on failure', t => {
	t.is(sample.get('Type'), 'notify');
	t.is(sample.get('NotifyAccess'), 'main', 'only the supervisor\'s own messages count: it sends them from its own pid');
	t.is(sample.get('ExecReload'), '/bin/kill -HUP $MAINPID');
	t.is(sample.get('KillMode'), 'mixed');
	t.is(sample.get('Restart'), 'on-failure');
	t.is(sample.get('RestartPreventExitStatus'), '64 78');
	t.is(sample.get('Delegate'), 'yes');
	t.is(sample.get('WantedBy'), 'multi-user.target');
});

test('a stop that went as planned is a success: SuccessExitStatus is 128+N for main\'s stopSignal, and the signal', t => {
	t.is(sample.get('SuccessExitStatus'), '143 SIGTERM');
	const config = sampleConfig();
	config.main.stopSignal = 'SIGINT';
	t.is(settings(exportSystemd(config, {node: '/n', bin: '/b'})).get('SuccessExitStatus'), '130 SIGINT');
});

test('TimeoutStopSec covers main\'s and every sidecar\'s stop timeout in turn', t => {
	// 10 s + 5 s + 2.5 s + 3 s, plus a 5 s margin, rounded up.
	t.is(sample.get('TimeoutStopSec'), '26');
});

test('TimeoutStartSec covers every \'before\' readiness timeout and main\'s', t => {
	t.is(sample.get('TimeoutStartSec'), '90');
	const slow = sampleConfig();
	slow.main.readiness!.timeout = 120_000;
	// 120 s (main) + 20 s (proxy) + 10 s (secrets) + 5 s; metrics starts after READY=1.
	t.is(settings(exportSystemd(slow, {node: '/n', bin: '/b'})).get('TimeoutStartSec'), '155');
});

test('a comment line explains each choice', t => {
	const lines = exportSystemd(sampleConfig(), {node: '/n', bin: '/b'}).split('\n');
	for (const key of ['Type', 'NotifyAccess', 'ExecReload', 'KillMode', 'TimeoutStopSec', 'TimeoutStartSec', 'SuccessExitStatus', 'Restart', 'Delegate']) {
		const at = lines.findIndex(line => line.startsWith(`${key}=`));
		t.true(lines[at - 1]?.startsWith('# '), key);
	}
});

test('quotes arguments and escapes systemd specifiers and variables', t => {
	const unit = settings(exportSystemd(sampleConfig({directory: '/srv/100%'}), {node: '/usr/bin/node', bin: '/opt/my sidecar/$HOME%i.js'}));
	t.is(unit.get('ExecStart'), '/usr/bin/node "/opt/my sidecar/$$HOME%%i.js" run --config /srv/shop/sidecar.config.ts');
	t.is(unit.get('WorkingDirectory'), '/srv/100%%');
});

test('with no config file, main\'s command follows --', t => {
	const unit = settings(exportSystemd(sampleConfig({file: null}), {node: '/n', bin: '/b'}));
	t.is(unit.get('ExecStart'), '/n /b run -- node server.js');
});

test('main\'s liveness gives WatchdogSec: twice its interval, at least 10 s; none without it', t => {
	const config = sampleConfig();
	t.regex(exportSystemd(config, {node: '/usr/bin/node', bin: '/opt/sidecar.js'}), /^WatchdogSec=10$/m);
	config.main.liveness = {...config.main.liveness!, interval: 30_000};
	t.regex(exportSystemd(config, {node: '/usr/bin/node', bin: '/opt/sidecar.js'}), /^WatchdogSec=60$/m);
	config.main.liveness = null;
	t.notRegex(exportSystemd(config, {node: '/usr/bin/node', bin: '/opt/sidecar.js'}), /WatchdogSec/);
});
