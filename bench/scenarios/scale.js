// Scale (issue 29): units of 10, 100 and 500 sidecars, every one an idle sleeper, and the same with 10 % of them
// crash-looping. Per size: launch → all running, the supervisor's own RSS and CPU over a window, one polling tick
// (UsagePoller.sample over the unit's pids), `status` latency (the CLI, and the raw control request), SIGTERM → exit.
// targets() fits cost = slope × N + intercept by least squares over the three sizes (the idle rows).
import {execFile, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {FIXTURES, ROOT} from '../lib/peers.js';
import {cpuMs, descendants, isAlive, killAll, nowMs, statusKiB, waitFor} from '../lib/proc.js';
import {median} from '../lib/stats.js';

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '10,100,500').split(',').map(Number);
const SETTLE_MS = Number(process.env.BENCH_SCALE_SETTLE_MS ?? 3000);
const WINDOW_MS = Number(process.env.BENCH_SCALE_WINDOW_MS ?? 10_000);
const ASKS = Number(process.env.BENCH_SCALE_ASKS ?? 9); // `status` requests per run, CLI and raw each.
const TICKS = Number(process.env.BENCH_TICKS ?? 10);
const GIVE_UP_MS = 30_000;
const BIN = path.join(ROOT, 'dist/cli/sidecar.js');
// BENCH_COMPARE=/other/dist/cli/sidecar.js: the same rows for another build, in the same alternating run.
const COMPARE = process.env.BENCH_COMPARE;
const OTHER = ' (BENCH_COMPARE)';
const POLLER = new URL('../../dist/lib/limits/poll-usage.js', import.meta.url);
const WORKLOAD = new Set(['sleep', 'sleeper.sh', 'crash.sh']); // comm of the unit's processes: the rest is the supervisor's.
const subject = (size, crashing) => crashing ? `${size} sidecars, ${size / 10} of them crash-looping` : `${size} idle sidecars`;
const comm = pid => {
	try {
		return readFileSync(`/proc/${pid}/comm`, 'latin1').trim();
	} catch {
		return '';
	}
};

// The sleepers that have started: pid → start time (wall clock, ms), from the DIR/NAME.PID stamps sleeper.sh writes.
function stamps(dir) {
	const found = new Map();
	for (const file of readdirSync(dir)) {
		const match = /^(?:main|s\d+)\.(\d+)$/.exec(file);
		const text = match && readFileSync(path.join(dir, file), 'latin1').trim();
		if (text) {
			found.set(Number(match[1]), Number(text) * 1000);
		}
	}

	return found;
}

// Writes the unit's config: main and `size` sleepers, the first size / 10 crash-looping (default backoff) when asked.
function writeUnit(dir, size, crashing) {
	const sleeper = name => [path.join(FIXTURES, 'sleeper.sh'), dir, name];
	const sidecars = Object.fromEntries(Array.from({length: size}, (_, i) => [`s${i + 1}`,
		crashing && i < size / 10 ? {command: [path.join(FIXTURES, 'crash.sh'), dir], start: 'after', maxRestarts: {count: 1_000_000, window: '60s'}} : {command: sleeper(`s${i + 1}`)}]));
	const name = `scale-${process.pid}-${size}-${crashing ? 'crash' : 'idle'}-${Date.now()}`;
	writeFileSync(path.join(dir, 'sidecar.config.json'), JSON.stringify({name, main: {command: sleeper('main')}, sidecars}));
	return name;
}

// One raw `status` request on the control socket: ms until the reply line is complete.
function rawStatus(socket) {
	return new Promise((resolve, reject) => {
		const start = nowMs();
		let text = '';
		const client = net.createConnection(socket, () => client.write('{"type":"status"}\n'));
		client.setEncoding('utf8');
		client.on('data', chunk => {
			text += chunk;
			if (text.includes('\n')) {
				client.destroy();
				resolve({ms: nowMs() - start, reply: JSON.parse(text.slice(0, text.indexOf('\n')))});
			}
		});
		client.on('error', reject);
	});
}

// `sidecar status --name NAME` as a user runs it: ms from spawn to exit.
function cliStatus(bin, name, cwd) {
	return new Promise((resolve, reject) => {
		const start = nowMs();
		execFile(process.execPath, [bin, 'status', '--name', name], {cwd}, error => (error ? reject(error) : resolve(nowMs() - start)));
	});
}

// Median ms of one UsagePoller.sample() over pids (the supervisor's once-a-second limits/status tick).
async function pollTick(pids) {
	const {UsagePoller} = await import(POLLER);
	const poller = new UsagePoller();
	pids.forEach((pid, i) => poller.watch(`p${i}`, pid));
	await poller.sample(); // The first tick reads all of /proc and has nothing to compare with.
	const times = [];
	for (let i = 0; i < TICKS; i++) {
		const start = nowMs();
		await poller.sample(); // eslint-disable-line no-await-in-loop
		times.push(nowMs() - start);
	}

	return median(times);
}

const crashStarts = dir => existsSync(path.join(dir, 'crash')) ? readFileSync(path.join(dir, 'crash'), 'latin1').split('\n').filter(line => line.startsWith('s ')).length : 0;

async function measure(bin, size, crashing) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-scale-'));
	const name = writeUnit(dir, size, crashing);
	const sleepers = crashing ? size - (size / 10) : size;
	const launchedAt = Date.now();
	const supervisor = spawn(process.execPath, [bin, 'run', '--config', 'sidecar.config.json'], {cwd: dir, stdio: 'ignore', env: {...process.env, NO_COLOR: '1'}});
	const exited = new Promise(resolve => supervisor.once('exit', () => resolve(nowMs())));
	let workload = [];
	try {
		const found = await waitFor(() => {
			const now = stamps(dir);
			return now.size >= sleepers + 1 && now;
		}, 120_000, `${size} sleepers and main to start`, 20);
		workload = [...found.keys()];
		const start = Math.max(...found.values()) - launchedAt;
		await sleep(SETTLE_MS);
		const own = descendants(supervisor.pid).filter(pid => !WORKLOAD.has(comm(pid)));
		const used = () => own.reduce((sum, pid) => sum + cpuMs(pid), 0);
		const [cpuBefore, crashesBefore, before] = [used(), crashStarts(dir), nowMs()];
		await sleep(WINDOW_MS);
		const window = nowMs() - before;
		const cpu = 100 * (used() - cpuBefore) / window;
		const restarts = (crashStarts(dir) - crashesBefore) * 1000 / window;
		const rss = own.reduce((sum, pid) => sum + statusKiB(pid, 'VmRSS'), 0) / 1024;
		const tick = await pollTick(workload);
		const socket = (await import(new URL('../../dist/lib/control/socket-path.js', import.meta.url))).socketPath(name);
		const raw = [];
		const cli = [];
		let listed = 0;
		for (let i = 0; i < ASKS; i++) {
			const {ms, reply} = await rawStatus(socket); // eslint-disable-line no-await-in-loop
			raw.push(ms);
			listed = reply.status.processes.length;
			cli.push(await cliStatus(bin, name, dir)); // eslint-disable-line no-await-in-loop
		}

		const signalled = nowMs();
		supervisor.kill('SIGTERM');
		const at = await Promise.race([exited, sleep(GIVE_UP_MS, undefined)]);
		const figures = {start, rss, perProcess: rss * 1024 / size, cpu, restarts: crashing ? restarts : undefined, tick, statusCli: median(cli), statusRaw: median(raw), listed};
		if (at === undefined) {
			return {...figures, note: `still running ${GIVE_UP_MS / 1000} s after SIGTERM`};
		}

		return {...figures, stop: at - signalled, left: workload.filter(pid => isAlive(pid)).length};
	} finally {
		killAll([...descendants(supervisor.pid), ...workload]);
		await Promise.race([exited, sleep(5000)]);
		rmSync(dir, {recursive: true, force: true});
	}
}

// Least squares over (x, y) points: {slope, intercept}.
export function fitLine(points) {
	const n = points.length;
	const [mx, my] = [points.reduce((s, [x]) => s + x, 0) / n, points.reduce((s, [, y]) => s + y, 0) / n];
	const sxx = points.reduce((s, [x]) => s + ((x - mx) ** 2), 0);
	const slope = points.reduce((s, [x, y]) => s + ((x - mx) * (y - my)), 0) / sxx;
	return {slope, intercept: my - (slope * mx)};
}

export const scale = {
	id: 'scale',
	runs: Number(process.env.BENCH_SCALE_RUNS ?? 1), // Units of 500 take a minute a row: once unless asked.
	title: `Scale: ${SIZES.join(', ')} sidecars, idle and 10 % crash-looping`,
	about: `sidecar only. Main and N sidecars, each bench/fixtures/sleeper.sh (stamps its start, execs \`sleep\`); in the crash rows the first N / 10 are bench/fixtures/crash.sh (exits 1 at once) under the default backoff (100 ms doubling to 30 s, reset after 60 s up). `
		+ '"start": launch → the last sleeper\'s own stamp (main included, which starts once the sidecars are up: alive 1 s, docs/lifecycle.md). '
		+ `Then ${SETTLE_MS} ms settling and the supervisor's own processes (its tree less the workload) over ${WINDOW_MS / 1000} s: CPU from schedstat, VmRSS, and the restarts per second. `
		+ `"tick": the median of ${TICKS} UsagePoller.sample() calls over the unit's pids in the bench process (the once-a-second usage tick the supervisor runs, poll-tick.js). `
		+ `"status": the median of ${ASKS} \`sidecar status\` runs (spawn → exit, node start-up included) and of ${ASKS} raw \`{"type":"status"}\` requests on the control socket (connect → reply line). "stop": SIGTERM → exit; "left": sleepers alive then.`,
	metrics: [
		{key: 'start', label: 'start ms'}, {key: 'stop', label: 'stop ms'}, {key: 'left', label: 'left'}, {key: 'rss', label: 'RSS MiB'},
		{key: 'perProcess', label: 'RSS KiB per process'}, {key: 'cpu', label: 'CPU % of a core'}, {key: 'restarts', label: 'restarts/s'},
		{key: 'tick', label: 'tick ms'}, {key: 'statusCli', label: 'status CLI ms'}, {key: 'statusRaw', label: 'status raw ms'}, {key: 'listed', label: 'processes listed'},
	],
	subjects() {
		const ours = [...SIZES.map(size => subject(size, false)), ...SIZES.filter(size => size >= 10).map(size => subject(size, true))];
		return COMPARE ? ours.flatMap(name => [name, name + OTHER]) : ours;
	},
	async measure(name) {
		const size = Number(name.split(' ')[0]);
		return measure(name.endsWith(OTHER) ? COMPARE : BIN, size, name.includes('crash'));
	},
	targets(results) {
		const idle = SIZES.map(size => [size, results.get(subject(size, false))]).filter(([, values]) => values?.rss);
		if (idle.length < 2) {
			return [];
		}

		const fit = key => fitLine(idle.map(([size, values]) => [size, values[key].median]));
		const line = (key, unit, scaleBy = 1) => {
			const {slope, intercept} = fit(key);
			return `slope ${(slope * scaleBy).toFixed(3)} ${unit} per process, intercept ${intercept.toFixed(2)}`;
		};

		const largest = idle.at(-1);
		const [top, topValues] = largest;
		const per100 = topValues.tick.median * 100 / top;
		const rssSlope = fit('rss').slope * 1024;
		console.error(['start', 'stop', 'rss', 'cpu', 'tick', 'statusCli', 'statusRaw'].map(key => `scale fit ${key}: ${line(key, key === 'rss' ? 'MiB' : key === 'cpu' ? '%' : 'ms')}`).join('\n'));
		return [
			{text: 'one polling tick ≤ 2 ms per 100 processes (issue 29)', figure: `${topValues.tick.median.toFixed(2)} ms at ${top} (${per100.toFixed(2)} ms per 100); ${line('tick', 'ms')}`, pass: per100 <= 2,
				why: 'a tick reads /proc/PID/stat of every watched process (lib/proc/proc-tree-reader.ts)'},
			{text: 'supervisor RSS ≤ 100 KiB per idle process (least-squares slope, issue 29)', figure: `${rssSlope.toFixed(1)} KiB per process, intercept ${fit('rss').intercept.toFixed(1)} MiB`, pass: rssSlope <= 100,
				why: 'per process: its ManagedProcess, pipes and stream buffers, the status snapshot and the usage sample'},
			{text: `idle CPU ≤ 1 % of a core at ${top} processes (issue 29)`, figure: `${topValues.cpu.median.toFixed(2)} %; ${line('cpu', '%')}`, pass: topValues.cpu.median <= 1,
				why: 'nearly all of it is the once-a-second usage tick (status\' cpu and memory, limits), one pread of every process\'s stat file; the kernel\'s share of writing those files is charged to the supervisor; `limits.interval` sets it'},
			{text: `\`status\` ≤ 50 ms at ${top} processes: the supervisor's answer on the control socket (issue 29)`, figure: `raw ${topValues.statusRaw.median.toFixed(1)} ms (the CLI ${topValues.statusCli.median.toFixed(1)} ms, ${(topValues.statusCli.median - idle[0][1].statusCli.median).toFixed(1)} ms more than at ${idle[0][0]}); raw ${line('statusRaw', 'ms')}`, pass: topValues.statusRaw.median <= 50,
				why: 'the answer is built from the unit\'s snapshot of every process'},
			{text: `\`sidecar status\` at ${top} processes ≤ 50 ms more than at ${idle[0][0]} (issue 29)`, figure: `${(topValues.statusCli.median - idle[0][1].statusCli.median).toFixed(1)} ms more; CLI ${line('statusCli', 'ms')}`, pass: topValues.statusCli.median - idle[0][1].statusCli.median <= 50,
				why: 'the reply grows with the unit (a row per process, printed as a table); node\'s own start, the rest of the CLI\'s time, does not (Control commands)'},
		];
	},
};
