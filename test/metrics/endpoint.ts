import test from 'ava';
import {freePort} from '../examples/_example.js';
import {fixture} from '../helpers/fixtures.js';
import {startUnit, uniqueName} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';

const valueOf = (text: string, metric: string, name: string): number =>
	Number(new RegExp(`^${metric}\\{process="${name}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);

// Metrics read the unit's one usage sampler (no /proc pass of their own): cpu seconds of a busy main grow, never drop.
test('the endpoint serves every process\'s tree cpu seconds and memory from the unit\'s sampler', async t => {
	const port = await freePort();
	const unit = await startUnit(t, {name: uniqueName('metrics-usage'), main: {command: fixture('spin-cpu.js')}, metrics: {port}});
	const scrape = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
	const first = await waitFor(async () => {
		const text = await scrape().catch(() => '');
		return valueOf(text, 'sidecar_process_cpu_seconds_total', 'main') > 0 ? text : undefined;
	}, 20_000, 'main\'s cpu seconds');
	t.true(valueOf(first, 'sidecar_process_memory_bytes', 'main') > 1024 * 1024);
	const seconds = valueOf(first, 'sidecar_process_cpu_seconds_total', 'main');
	const grown = await waitFor(async () => {
		const value = valueOf(await scrape(), 'sidecar_process_cpu_seconds_total', 'main');
		return value > seconds ? value : undefined;
	}, 20_000, 'the counter to grow');
	t.true(grown > seconds);
	t.is(unit.supervisor.exitCode, null);
});

test('a scheduled task\'s runs, last success and next run are served once it has run', async t => {
	const port = await freePort();
	const unit = await startUnit(t, {
		name: uniqueName('metrics-schedule'),
		main: {command: fixture('forever.js')},
		sidecars: {job: {run: 'once', command: fixture('exit.js', '0'), schedule: {every: '1h'}}},
		metrics: {port},
	});
	const scrape = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text().catch(() => '');
	const before = Date.now() / 1000;
	t.is((await unit.cli(['run-now', 'job'])).exitCode, 0);
	const text = await waitFor(async () => {
		const served = await scrape();
		return /^sidecar_schedule_runs_total\{process="job",result="succeeded"\} 1$/m.test(served) ? served : undefined;
	}, 20_000, 'one succeeded run');
	t.regex(text, /^sidecar_schedule_runs_total\{process="job",result="failed"\} 0$/m);
	t.true(valueOf(text, 'sidecar_schedule_last_success_timestamp_seconds', 'job') >= Math.floor(before));
	t.true(valueOf(text, 'sidecar_schedule_next_run_timestamp_seconds', 'job') > before + 3000, 'an hour after the unit started');
	t.is(valueOf(text, 'sidecar_schedule_failing', 'job'), 0);
});
