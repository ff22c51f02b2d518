import test from 'ava';
import {exitReason} from '../../lib/metrics/counters.js';
import {renderMetrics, type ProcessMetrics} from '../../lib/metrics/prometheus.js';
import {fixture} from '../helpers/fixtures.js';
import {startUnit, uniqueName} from '../helpers/unit.js';
import {waitFor} from '../helpers/wait-for.js';

type Sample = {name: string; labels: Record<string, string>; value: number};

// A strict reader of the text exposition format: every line is a comment (HELP/TYPE) or `name{labels} value`,
// and every sample belongs to a family declared by a TYPE line before it.
function parsePrometheus(text: string): Sample[] {
	const types = new Map<string, string>();
	const samples: Sample[] = [];
	for (const line of text.split('\n').filter(Boolean)) {
		const type = /^# TYPE ([a-zA-Z_:][\w:]*) (gauge|counter|histogram|summary|untyped)$/.exec(line);
		if (type) {
			types.set(type[1]!, type[2]!);
			continue;
		}

		if (/^# HELP [a-zA-Z_:][\w:]* .*$/.test(line)) {
			continue;
		}

		const sample = /^([a-zA-Z_:][\w:]*)(?:\{((?:[a-zA-Z_]\w*="(?:[^"\\]|\\.)*",?)*)\})? (-?[\d.e+-]+|NaN|[+-]Inf)$/.exec(line);
		if (!sample) {
			throw new Error(`not Prometheus text: ${line}`);
		}

		if (!types.has(sample[1]!)) {
			throw new Error(`sample before its TYPE line: ${line}`);
		}

		const labels = Object.fromEntries([...(sample[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map(match => [match[1]!, match[2]!]));
		samples.push({name: sample[1]!, labels, value: Number(sample[3])});
	}

	return samples;
}

const valueOf = (samples: Sample[], name: string, process?: string) =>
	samples.find(sample => sample.name === name && (process === undefined || sample.labels.process === process))?.value;

const shop: ProcessMetrics = {name: 'shop "api"\n', up: true, ready: false, stopped: false, restarts: 2, exits: {failure: 2}, cpuSeconds: 1.5, memory: 1024, limitEvents: 0};

test('the renderer writes every family with HELP and TYPE, one sample per process', t => {
	const samples = parsePrometheus(renderMetrics({processes: [shop], supervisorMemory: 4096}));
	t.is(valueOf(samples, 'sidecar_process_up'), 1);
	t.is(valueOf(samples, 'sidecar_process_ready'), 0);
	t.is(valueOf(samples, 'sidecar_process_stopped'), 0);
	t.is(valueOf(samples, 'sidecar_process_restarts_total'), 2);
	t.deepEqual(samples.find(sample => sample.name === 'sidecar_process_exits_total')!.labels, {process: 'shop \\"api\\"\\n', reason: 'failure'});
	t.is(valueOf(samples, 'sidecar_process_cpu_seconds_total'), 1.5);
	t.is(valueOf(samples, 'sidecar_process_memory_bytes'), 1024);
	t.is(valueOf(samples, 'sidecar_process_limit_events_total'), 0);
	t.is(valueOf(samples, 'sidecar_supervisor_memory_bytes'), 4096);
});

test('a process stopped on purpose is 1 in sidecar_process_stopped, so a rule on ready can leave it out', t => {
	const samples = parsePrometheus(renderMetrics({processes: [{...shop, up: false, stopped: true}], supervisorMemory: 0}));
	t.is(valueOf(samples, 'sidecar_process_stopped'), 1);
	t.is(valueOf(samples, 'sidecar_process_up'), 0);
});

test('a replicated sidecar has its ready, desired and configured instance counts, by group', t => {
	const samples = parsePrometheus(renderMetrics({processes: [], groups: [{name: 'worker', ready: 2, desired: 4, configured: 3}], supervisorMemory: 0}));
	const group = (name: string) => samples.find(sample => sample.name === name && sample.labels.group === 'worker')?.value;
	t.is(group('sidecar_group_ready_instances'), 2);
	t.is(group('sidecar_group_desired_instances'), 4);
	t.is(group('sidecar_group_configured_instances'), 3);
});

test('a schedule has its runs by result (every result, 0 until it happens), last success and next run in seconds, and failing', t => {
	const schedule = {name: 'renew', runs: {succeeded: 3, failed: 1}, lastSuccess: 1_777_600_000_500, nextRun: 1_777_603_600_000, failing: false};
	const samples = parsePrometheus(renderMetrics({processes: [], schedules: [schedule, {...schedule, name: 'new', runs: {}, lastSuccess: null, failing: true}], supervisorMemory: 0}));
	const runs = samples.filter(sample => sample.name === 'sidecar_schedule_runs_total' && sample.labels.process === 'renew');
	t.deepEqual(runs.map(({labels, value}) => `${labels.result} ${value}`), ['succeeded 3', 'failed 1', 'replaced 0', 'interrupted 0']);
	t.is(valueOf(samples, 'sidecar_schedule_last_success_timestamp_seconds', 'renew'), 1_777_600_000.5);
	t.is(valueOf(samples, 'sidecar_schedule_last_success_timestamp_seconds', 'new'), undefined, 'no success yet: no sample');
	t.is(valueOf(samples, 'sidecar_schedule_next_run_timestamp_seconds', 'renew'), 1_777_603_600);
	t.is(valueOf(samples, 'sidecar_schedule_failing', 'renew'), 0);
	t.is(valueOf(samples, 'sidecar_schedule_failing', 'new'), 1);
});

test('/metrics parses as Prometheus text and its restart counter moves when a sidecar crashes', async t => {
	const unit = await startUnit(t, {
		name: uniqueName('metrics'),
		main: {command: fixture('forever.js')},
		sidecars: {
			steady: {command: fixture('forever.js')},
			// Ready once it prints, then crashes 300 ms later, again and again.
			crashy: {command: fixture('exit.js', '1', '300'), readiness: {exec: ['true']}, backoff: {initial: '50ms'}, maxRestarts: {count: 100}},
			pool: {command: fixture('forever.js'), replicas: 2},
		},
		metrics: {port: 0},
	});
	const [, url] = await waitFor(() => /metrics \(url (http:\/\/[^)]+)\)/.exec(unit.output()), 10_000, 'the metrics url');
	const scrape = async () => {
		const response = await fetch(url!);
		t.is(response.status, 200);
		t.regex(response.headers.get('content-type')!, /^text\/plain; version=0\.0\.4/);
		return parsePrometheus(await response.text());
	};

	const first = await scrape();
	t.is(valueOf(first, 'sidecar_process_up', 'main'), 1);
	t.true(valueOf(first, 'sidecar_supervisor_memory_bytes')! > 0);
	const before = valueOf(first, 'sidecar_process_restarts_total', 'crashy')!;
	const later = await waitFor(async () => {
		const samples = await scrape();
		return valueOf(samples, 'sidecar_process_restarts_total', 'crashy')! > before ? samples : undefined;
	}, 15_000, 'the restart counter to move');
	t.is(valueOf(later, 'sidecar_process_restarts_total', 'steady'), 0);
	t.true(later.some(sample => sample.name === 'sidecar_process_exits_total' && sample.labels.process === 'crashy' && sample.labels.reason === 'failure' && sample.value >= 1));
	const ready = await waitFor(async () => {
		const samples = await scrape();
		return samples.find(sample => sample.name === 'sidecar_group_ready_instances' && sample.labels.group === 'pool' && sample.value === 2);
	}, 15_000, 'both pool instances ready');
	t.truthy(ready);
	t.is(valueOf(later, 'sidecar_group_desired_instances'), 2);
	t.is((await fetch(url!.replace('/metrics', '/other'))).status, 404);
});

// The HELP line is written from the list of reasons, so a new reason cannot leave it stale (`stopped` was missing).
test('the HELP of the exits counter names every reason an exit is counted under', t => {
	const exited = {event: 'exited', name: 'a', code: 0, signal: null} as const;
	const reasons = new Set([
		exitReason(exited),
		exitReason({...exited, code: 1}),
		exitReason({...exited, code: null, signal: 'SIGKILL'}),
		exitReason({...exited, code: null, signal: 'SIGTERM', stopped: true}),
		exitReason({...exited, code: null, error: 'ENOENT'}),
	]);
	t.is(reasons.size, 5);
	const help = /^# HELP sidecar_process_exits_total (.+)$/m.exec(renderMetrics({processes: [shop], supervisorMemory: 0}))![1]!;
	for (const reason of reasons) {
		t.regex(help, new RegExp(`\\b${reason} \\(`), reason);
	}
});
