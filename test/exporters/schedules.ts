import {access, mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import {existsSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {Ajv} from 'ajv';
import addFormatsModule from 'ajv-formats';
import {execa} from 'execa';
import {Deployment} from 'kubernetes-models/apps/v1/Deployment';
import {CronJob} from 'kubernetes-models/batch/v1/CronJob';
import {parse, parseAllDocuments} from 'yaml';
import {upcomingFirings} from '../../lib/config/firings.js';
import type {ResolvedConfig, ResolvedSchedule} from '../../lib/config/types.js';
import {EXIT, SidecarError} from '../../lib/errors.js';
import {exportCompose} from '../../lib/exporters/compose.js';
import {everyToCron} from '../../lib/exporters/kubernetes-cronjobs.js';
import {exportKubernetes} from '../../lib/exporters/kubernetes.js';
import {cronToCalendar} from '../../lib/exporters/systemd-calendar.js';
import {exportSystemd, exportSystemdFiles, printFiles} from '../../lib/exporters/systemd.js';
import {fixture} from '../helpers/fixtures.js';
import {startUnit, uniqueName} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';
import {sampleConfig, sampleImages, sampleProcess} from './_sample-config.js';

const systemdAnalyze = '/usr/bin/systemd-analyze';
// Without systemd-analyze the checks against systemd cannot run: ava counts them as skipped.
const systemdTest = await access(systemdAnalyze).then(() => test, () => test.skip);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const composeSchemaFile = path.join(root, '..', 'shared', 'schemas', 'compose-spec.json');
const composeTest = existsSync(composeSchemaFile) ? test : test.skip;

const schedule = (more: Partial<ResolvedSchedule>): ResolvedSchedule =>
	({cron: null, every: null, timezone: 'UTC', jitter: 0, overlap: 'skip', catchUp: null, runOnStart: false, failureThreshold: 3, ...more});

// The sample unit plus: a nightly task (Berlin, jitter, catch-up, 'gate'), a task every 15 min (queue), a task on
// the 13th or a Friday (replace), and a long-running sidecar restarted every hour.
function scheduledConfig(): ResolvedConfig {
	const config = sampleConfig();
	const task = {run: 'once' as const, restart: 'on-failure' as const, image: 'ghcr.io/acme/shop:2.0', timeout: 300_000};
	config.sidecars.push(
		sampleProcess('renew', {...task, schedule: schedule({cron: '0 3 * * *', timezone: 'Europe/Berlin', jitter: 600_000, catchUp: 6 * 3_600_000, runOnStart: 'gate'})}),
		sampleProcess('sweep', {...task, schedule: schedule({every: 15 * 60_000, overlap: 'queue'})}),
		sampleProcess('report', {...task, schedule: schedule({cron: '30 6 13 * fri', overlap: 'replace'})}),
		sampleProcess('warm', {image: 'ghcr.io/acme/warm:1', schedule: schedule({every: 3_600_000})}),
	);
	return config;
}

// The firings systemd lists for OnCalendar= values from `base` (UTC), merged as one timer does, first `count`.
async function systemdFirings(lines: string[], base: number, count: number): Promise<string[]> {
	const times = new Set<string>();
	for (const line of lines) {
		// eslint-disable-next-line no-await-in-loop -- one or two lines
		const {stdout} = await execa(systemdAnalyze, ['calendar', `--iterations=${count}`, `--base-time=@${base / 1000}`, line], {env: {TZ: 'UTC'}});
		for (const match of stdout.matchAll(/(?:Next elapse|Iter\. #\d+): \w+ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/g)) {
			times.add(new Date(`${match[1]!.replace(' ', 'T')}Z`).toISOString());
		}
	}

	return [...times].sort().slice(0, count);
}

const newYear = Date.UTC(2026, 0, 1, 0, 0, 30);
const berlinSpring = Date.UTC(2026, 2, 25);
const newYorkFall = Date.UTC(2026, 9, 25);
// [cron, zone, from]: @names, ranges, steps, lists, names of days and months, L, N#K, 6 fields, the DST days.
const corpus: Array<[string, string, number]> = [
	['@daily', 'UTC', newYear],
	['@hourly', 'UTC', newYear],
	['@weekly', 'UTC', newYear],
	['@monthly', 'UTC', newYear],
	['@yearly', 'UTC', newYear],
	['*/15 * * * *', 'UTC', newYear],
	['0 9-17 * * mon-fri', 'UTC', newYear],
	['5,10,40 */2 * * *', 'UTC', newYear],
	['0 0 1-7/2 jan,jul *', 'UTC', newYear],
	['*/20 8-10 * * sat,sun', 'UTC', newYear],
	['15 10 * * 7', 'UTC', newYear],
	['0 0 13 * 5', 'UTC', newYear],
	['0 0 1,15 * mon', 'UTC', newYear],
	['0 0 L * *', 'UTC', newYear],
	['0 0 L 2 *', 'UTC', newYear],
	['0 12 * * 5#2', 'UTC', newYear],
	['*/30 * * * * *', 'UTC', newYear],
	['0 0 29 2 *', 'UTC', newYear],
	['0 */6 * * *', 'Asia/Kolkata', newYear],
	['0 3 * * 1-5', 'Europe/Berlin', newYear],
	['30 2 * * *', 'Europe/Berlin', berlinSpring],
	['30 * * * *', 'Europe/Berlin', berlinSpring],
	['30 1 * * *', 'America/New_York', newYorkFall],
	['0,30 * * * *', 'America/New_York', newYorkFall],
];

systemdTest(`systemd-analyze calendar lists the same 20 firings as sidecar for ${corpus.length} cron expressions`, async t => {
	for (const [cron, timezone, base] of corpus) {
		const lines = cronToCalendar('sidecars.job.schedule.cron', cron, timezone);
		const ours = upcomingFirings(schedule({cron, timezone}), base, 20).map(time => new Date(time).toISOString());
		// eslint-disable-next-line no-await-in-loop -- one expression at a time, on a shared machine
		t.deepEqual(await systemdFirings(lines, base, 20), ours, `${cron} in ${timezone} as ${lines.join(' | ')}`);
	}
});

test('cron becomes OnCalendar=: lists, runs, steps, names, L, N#K, the zone as suffix, and two lines for day OR weekday', t => {
	t.deepEqual(cronToCalendar('x', '0 9-17 * * mon-fri', 'UTC'), ['Mon..Fri *-*-* 09..17:00:00 UTC']);
	t.deepEqual(cronToCalendar('x', '*/15 * * * *', 'Europe/Berlin'), ['*-*-* *:00/15:00 Europe/Berlin']);
	t.deepEqual(cronToCalendar('x', '0 0 13 * 5', 'UTC'), ['Fri *-*-* 00:00:00 UTC', '*-*-13 00:00:00 UTC']);
	t.deepEqual(cronToCalendar('x', '0 0 L * *', 'UTC'), ['*-*~01 00:00:00 UTC']);
	t.deepEqual(cronToCalendar('x', '0 12 * * 5#2', 'UTC'), ['Fri *-*-08..14 12:00:00 UTC']);
	t.deepEqual(cronToCalendar('x', '@weekly', 'UTC'), ['Sun *-*-* 00:00:00 UTC']);
});

test('a cron form OnCalendar= cannot express is refused with the field, the value and what is carried', t => {
	for (const [cron, part] of [['0 0 * * 5L', '"5L" in day-of-week'], ['0 0 15W * *', '"15W" in day-of-month'], ['0 0 * * 1#2,3', '"1#2,3" in day-of-week']]) {
		const error = t.throws(() => cronToCalendar('sidecars.job.schedule.cron', cron!, 'UTC'), {instanceOf: SidecarError});
		t.is(error!.exitCode, EXIT.usage);
		t.true(error!.message.startsWith(`unable to export sidecars.job.schedule.cron: cron ${JSON.stringify(cron)} has ${part}`), error!.message);
		t.regex(error!.message, /L alone in day-of-month, N#K alone in day-of-week/);
	}
});

const command = {node: '/usr/bin/node', bin: '/opt/sidecar/dist/cli/sidecar.js'};
const settings = (text: string, key: string): string[] => text.split('\n').filter(line => line.startsWith(`${key}=`)).map(line => line.slice(key.length + 1));

test('--timers: a .timer and a oneshot .service per schedule, beside the unit\'s service, which pauses the supervisor\'s clock', t => {
	const files = exportSystemdFiles(scheduledConfig(), command);
	t.deepEqual(files.map(({name}) => name), ['shop.service', 'shop-renew.timer', 'shop-renew.service', 'shop-sweep.timer', 'shop-sweep.service', 'shop-report.timer', 'shop-report.service', 'shop-warm.timer', 'shop-warm.service']);
	const byName = new Map(files.map(({name, text}) => [name, text]));
	t.deepEqual(settings(byName.get('shop.service')!, 'ExecStartPost'), ['renew', 'sweep', 'report', 'warm'].map(name => `/usr/bin/node /opt/sidecar/dist/cli/sidecar.js pause ${name} --name shop`));
	const renew = byName.get('shop-renew.timer')!;
	t.deepEqual(settings(renew, 'OnCalendar'), ['*-*-* 03:00:00 Europe/Berlin']);
	t.deepEqual(settings(renew, 'Persistent'), [], 'catchUp stays the supervisor\'s: a missed firing runs once, not once per catch-up');
	t.regex(renew, /# catchUp \(21600s\) is the supervisor's/);
	t.deepEqual(settings(renew, 'RandomizedDelaySec'), ['600s']);
	t.deepEqual(settings(renew, 'Unit'), ['shop-renew.service']);
	t.deepEqual(settings(renew, 'PartOf'), ['shop.service']);
	t.deepEqual(settings(byName.get('shop-report.timer')!, 'OnCalendar'), ['Fri *-*-* 06:30:00 UTC', '*-*-13 06:30:00 UTC']);
	const sweep = byName.get('shop-sweep.timer')!;
	t.deepEqual([settings(sweep, 'OnActiveSec'), settings(sweep, 'OnUnitActiveSec'), settings(sweep, 'OnCalendar')], [['900s'], ['900s'], []]);
	const oneshot = byName.get('shop-renew.service')!;
	t.deepEqual(settings(oneshot, 'Type'), ['oneshot']);
	t.deepEqual(settings(oneshot, 'ExecStart'), ['/usr/bin/node /opt/sidecar/dist/cli/sidecar.js run-now renew --name shop']);
	t.deepEqual(settings(oneshot, 'Requisite'), ['shop.service']);
	const printed = printFiles(files);
	t.deepEqual(printed.split('\n').filter(line => line.startsWith('# FILE: ')).length, files.length);
	t.true(printed.startsWith('# FILE: shop.service\n# sidecar unit "shop"'));
});

test('without --timers the service says the schedules are kept by sidecar run, and pauses nothing', t => {
	const unit = exportSystemd(scheduledConfig(), command);
	t.regex(unit, /^# Schedules of renew, sweep, report, warm are kept by `sidecar run` \(`sidecar export systemd --timers`/m);
	t.deepEqual(settings(unit, 'ExecStartPost'), []);
});

test('--timers refuses a cron OnCalendar= cannot express, naming the field', t => {
	const config = sampleConfig();
	config.sidecars.push(sampleProcess('last', {run: 'once', schedule: schedule({cron: '0 0 * * 5L'})}));
	const error = t.throws(() => exportSystemdFiles(config, command), {instanceOf: SidecarError});
	t.regex(error!.message, /^unable to export sidecars\.last\.schedule\.cron: cron "0 0 \* \* 5L"/);
});

systemdTest('systemd-analyze verify accepts every file of --timers', async t => {
	const directory = await mkdtemp(path.join(tmpdir(), 'sidecar-timers-'));
	t.teardown(() => rm(directory, {recursive: true, force: true}));
	const bin = path.join(directory, 'sidecar.js');
	await writeFile(bin, '');
	const files = exportSystemdFiles({...scheduledConfig(), directory}, {node: process.execPath, bin});
	await Promise.all(files.map(async ({name, text}) => writeFile(path.join(directory, name), text)));
	const paths = files.map(({name}) => path.join(directory, name));
	const {exitCode, stderr} = await execa(systemdAnalyze, ['verify', '--man=no', '--generators=no', ...paths], {reject: false});
	t.is(exitCode, 0, stderr);
	t.deepEqual(stderr.split('\n').filter(line => files.some(({name}) => line.includes(name))), []);
});

systemdTest('the verify check is live for timers: it reports a broken OnCalendar=', async t => {
	const directory = await mkdtemp(path.join(tmpdir(), 'sidecar-timers-'));
	t.teardown(() => rm(directory, {recursive: true, force: true}));
	const files = exportSystemdFiles({...scheduledConfig(), directory}, {node: process.execPath, bin: process.execPath});
	await Promise.all(files.map(async ({name, text}) => writeFile(path.join(directory, name), text.replace('03:00:00 Europe/Berlin', '03:00:00 Mars/Olympus'))));
	const {stderr} = await execa(systemdAnalyze, ['verify', '--man=no', '--generators=no', path.join(directory, 'shop-renew.timer')], {reject: false});
	t.regex(stderr, /Mars\/Olympus|OnCalendar/);
});

test('every becomes a cron when it divides an hour into minutes or a day into hours, else null', t => {
	t.is(everyToCron(60_000), '* * * * *');
	t.is(everyToCron(15 * 60_000), '*/15 * * * *');
	t.is(everyToCron(3_600_000), '0 * * * *');
	t.is(everyToCron(6 * 3_600_000), '0 */6 * * *');
	t.is(everyToCron(24 * 3_600_000), '0 0 * * *');
	for (const every of [7 * 60_000, 90 * 60_000, 5 * 3_600_000, 30_000, 48 * 3_600_000]) {
		t.is(everyToCron(every), null, String(every));
	}
});

const kubernetesDocuments = (config: ResolvedConfig) => {
	const text = exportKubernetes(config, {images: sampleImages});
	return {text, documents: parseAllDocuments(text).map(document => document.toJS() as Record<string, unknown>)};
};

test('kubernetes: a CronJob per scheduled task, valid to kubernetes-models; overlap, zone, catchUp and timeout mapped', t => {
	const {documents} = kubernetesDocuments(scheduledConfig());
	t.notThrows(() => new Deployment(documents[0]!).validate());
	const jobs = documents.slice(1).map(document => new CronJob(document));
	for (const job of jobs) {
		t.notThrows(() => job.validate(), job.metadata!.name);
	}

	t.deepEqual(jobs.map(job => [job.metadata!.name, job.spec!.schedule, job.spec!.timeZone, job.spec!.concurrencyPolicy, job.spec!.startingDeadlineSeconds]), [
		['shop-renew', '0 3 * * *', 'Europe/Berlin', 'Forbid', 21_600],
		['shop-sweep', '*/15 * * * *', 'Etc/UTC', 'Forbid', undefined],
		['shop-report', '30 6 13 * fri', 'UTC', 'Replace', undefined],
	]);
	const renew = jobs[0]!.spec!.jobTemplate.spec!;
	t.is(renew.activeDeadlineSeconds, 300);
	t.is(renew.template.spec!.restartPolicy, 'OnFailure');
	t.deepEqual(renew.template.spec!.containers.map(({name, image}) => [name, image]), [['renew', 'ghcr.io/acme/shop:2.0']]);
});

test('kubernetes: runOnStart \'gate\' is also an init container; other scheduled tasks are not in the Pod', t => {
	const deployment = new Deployment(kubernetesDocuments(scheduledConfig()).documents[0]!);
	const init = deployment.spec!.template.spec!.initContainers!.map(({name}) => name);
	t.true(init.includes('renew'));
	t.false(init.includes('sweep') || init.includes('report'));
	t.true(init.includes('warm'), 'a long-running sidecar with a schedule still runs in the Pod');
	const annotations = deployment.spec!.template.metadata!.annotations!;
	t.is(annotations['x-sidecar/sweep.not-exported'], 'scheduled task: a CronJob of its own when its schedule has a cron form, not a container of the unit (see the header)');
	t.false('x-sidecar/renew.not-exported' in annotations, 'renew is an init container too');
	t.like(JSON.parse(annotations['x-sidecar/warm.schedule']!), {every: 3_600_000});
});

test('kubernetes: what has no form is said: a periodic restart, jitter, queue, an uneven every', t => {
	const config = scheduledConfig();
	config.sidecars.push(sampleProcess('odd', {run: 'once', image: 'ghcr.io/acme/shop:2.0', schedule: schedule({every: 7 * 60_000})}));
	const {text, documents} = kubernetesDocuments(config);
	const notes = text.split('\n').filter(line => line.startsWith('# Not carried over: '));
	const has = (pattern: RegExp) => t.true(notes.some(line => pattern.test(line)), `${pattern.source}\n${notes.join('\n')}`);
	has(/^# Not carried over: warm's schedule \(every 3600 s\): warm is long-running and restarts at each firing; a CronJob runs a task to completion/);
	has(/^# Not carried over: renew: jitter \(600 s\): a CronJob has no random delay\.$/);
	has(/^# Not carried over: sweep: overlap 'queue' is concurrencyPolicy Forbid/);
	has(/^# Not carried over: sweep: every 900 s is the cron "\*\/15 \* \* \* \*", aligned to the clock/);
	has(/^# Not carried over: odd's schedule \(every 420 s\): .* no CronJob is written for odd\.$/);
	t.false(documents.some(document => (document.metadata as {name: string}).name === 'shop-odd'));
});

test('overlap allow: concurrencyPolicy Allow with the supervisor\'s cap said; the systemd oneshot says the concurrent runs are the supervisor\'s', t => {
	const config = scheduledConfig();
	config.sidecars.push(sampleProcess('fan', {run: 'once', image: 'ghcr.io/acme/shop:2.0', schedule: schedule({cron: '*/5 * * * *', overlap: 'allow'})}));
	const {text, documents} = kubernetesDocuments(config);
	const fan = new CronJob(documents.find(document => (document.metadata as {name: string}).name === 'shop-fan')!);
	t.notThrows(() => fan.validate());
	t.is(fan.spec!.concurrencyPolicy, 'Allow');
	t.regex(text, /^# Not carried over: fan: overlap 'allow' is concurrencyPolicy Allow, which has no cap \(the supervisor runs at most 4 at once\)\.$/m);
	const oneshot = exportSystemdFiles(config, command).find(({name}) => name === 'shop-fan.service')!.text;
	t.regex(oneshot, /^# overlap 'allow': systemd never runs one unit twice at once, so the concurrent runs are the supervisor's/m);
});

test('kubernetes: a scheduled task without an image is named with the others', t => {
	const config = scheduledConfig();
	config.sidecars = config.sidecars.map(spec => (spec.name === 'sweep' ? {...spec, image: null} : spec));
	const error = t.throws(() => exportKubernetes(config, {images: sampleImages}), {instanceOf: SidecarError});
	t.regex(error!.message, /sweep/);
});

test('compose: every schedule is said, never dropped silently', t => {
	const text = exportCompose(scheduledConfig(), {images: sampleImages});
	const notes = text.split('\n').filter(line => line.startsWith('# Not carried over: '));
	t.deepEqual(notes.filter(line => /schedule/.test(line)), [
		'# Not carried over: renew\'s schedule (cron "0 3 * * *" in Europe/Berlin): compose has no schedules; its service runs once at `up` (run it on schedule with a host timer: `docker compose run --rm renew`).',
		'# Not carried over: sweep\'s schedule (every 900 s): compose has no schedules; its service runs once at `up` (run it on schedule with a host timer: `docker compose run --rm sweep`).',
		'# Not carried over: report\'s schedule (cron "30 6 13 * fri" in UTC): compose has no schedules; its service runs once at `up` (run it on schedule with a host timer: `docker compose run --rm report`).',
		'# Not carried over: warm\'s schedule (every 3600 s): compose has no schedules; it is not restarted on schedule (`docker compose restart warm` from a host timer).',
	]);
	const file = parse(text) as {services: Record<string, {'x-sidecar'?: {schedule?: unknown}}>};
	t.like(file.services.renew!['x-sidecar']!.schedule, {cron: '0 3 * * *', timezone: 'Europe/Berlin'});
});

composeTest('compose: the export with schedules validates against the compose-spec schema', t => {
	const {$schema: _, ...schema} = JSON.parse(readFileSync(composeSchemaFile, 'utf8')) as Record<string, unknown>;
	const ajv = new Ajv({allErrors: true, strict: false});
	addFormatsModule.default(ajv);
	const validate = ajv.compile(schema);
	t.true(validate(parse(exportCompose(scheduledConfig(), {images: sampleImages}))), JSON.stringify(validate.errors));
});

// The command itself: `--timers` on stdout with `# FILE:` lines, `--out DIR` writing the files, and the misuses.
const cli = path.join(root, 'dist', 'cli', 'sidecar.js');

test('sidecar export systemd --timers --out DIR writes each file; --out without --timers, and --timers elsewhere, are usage errors', async t => {
	const directory = await mkdtemp(path.join(tmpdir(), 'sidecar-timers-cli-'));
	t.teardown(() => rm(directory, {recursive: true, force: true}));
	const configFile = path.join(directory, 'sidecar.config.json');
	await writeFile(configFile, JSON.stringify({name: 'shop', main: {command: ['node', 'server.js']}, sidecars: {renew: {run: 'once', command: ['./renew.sh'], schedule: {cron: '0 3 * * *', timezone: 'UTC'}}}}));
	const printed = await execa(process.execPath, [cli, 'export', 'systemd', '--timers', '--config', configFile], {cwd: directory, reject: false});
	t.is(printed.exitCode, 0, printed.stderr);
	t.deepEqual(printed.stdout.split('\n').filter(line => line.startsWith('# FILE: ')), ['# FILE: shop.service', '# FILE: shop-renew.timer', '# FILE: shop-renew.service']);
	const out = path.join(directory, 'units');
	const written = await execa(process.execPath, [cli, 'export', 'systemd', '--timers', '--out', out, '--config', configFile], {cwd: directory, reject: false});
	t.is(written.exitCode, 0, written.stderr);
	t.deepEqual((await readdir(out)).sort(), ['shop-renew.service', 'shop-renew.timer', 'shop.service']);
	t.regex(await readFile(path.join(out, 'shop-renew.timer'), 'utf8'), /^OnCalendar=\*-\*-\* 03:00:00 UTC$/m);
	const noTimers = await execa(process.execPath, [cli, 'export', 'systemd', '--out', out, '--config', configFile], {cwd: directory, reject: false});
	t.is(noTimers.exitCode, EXIT.usage);
	t.regex(noTimers.stderr, /--out needs --timers/);
	const compose = await execa(process.execPath, [cli, 'export', 'compose', '--timers', '--config', configFile], {cwd: directory, reject: false});
	t.is(compose.exitCode, EXIT.usage);
	t.regex(compose.stderr, /--timers and --out are for systemd, not compose/);
});

// The exported command lines, run against a real unit as systemd would run them: ExecStartPost= pauses the
// supervisor's clock, the oneshot's ExecStart= fires the task, and a firing during a run exits 69 (skipped), which the
// oneshot's SuccessExitStatus= counts as success.
test('the commands of --timers work on a running unit: pause, run-now, and 69 for a skipped firing', async t => {
	const unit = await startUnit(t, {
		name: uniqueName('timers'),
		main: {command: fixture('forever.js')},
		// A run of 6 s: the second firing comes while it runs even when a loaded machine is slow to start the CLI.
		sidecars: {job: {run: 'once', command: fixture('exit.js', '0', '6000'), schedule: {cron: '0 3 * * *', timezone: 'UTC'}}},
	});
	const exported = await unit.cli(['export', 'systemd', '--timers']);
	t.is(exported.exitCode, 0, exported.stderr);
	const files = new Map(exported.stdout.split(/^# FILE: /m).slice(1).map(part => [part.slice(0, part.indexOf('\n')), part.slice(part.indexOf('\n') + 1)]));
	const argv = (file: string, key: string): string[] => settings(files.get(file)!, key)[0]!.split(' ');
	const run = async ([file, ...args]: string[]) => execa(file!, args, {cwd: unit.cwd, env: unit.env, reject: false});
	const job = async () => (await unit.status()).processes.find(({name}) => name === 'job')!;

	const pause = await run(argv(`${unit.unit}.service`, 'ExecStartPost'));
	t.is(pause.stdout.trim(), 'paused job', pause.stderr);
	t.true((await job()).schedule?.paused);
	const fire = argv(`${unit.unit}-job.service`, 'ExecStart');
	const first = await run(fire);
	t.is(first.stdout.trim(), 'started job', first.stderr);
	const second = await run(fire);
	t.is(second.exitCode, 69, 'skipped: the run in progress has overlap skip');
	t.regex(second.stdout + second.stderr, /skipped job/);
	t.deepEqual(settings(files.get(`${unit.unit}-job.service`)!, 'SuccessExitStatus'), ['69']);
	await waitFor(async () => (await job()).schedule?.lastResult === 'succeeded', 20_000);
});
