// `node bench/crash-storm.js [SECONDS]`: 20 sidecars crash-looping (faults/fixtures/random-crash.js, 10..100 ms
// backoff) under one supervisor for SECONDS (default 600) while main idles; prints the supervisor's RSS and open
// fds every 30 s, the crash rate and the supervisor's CPU, as a markdown table for docs/benchmarks.md. Linux only
// (reads /proc). STORM_BIN=/other/dist/cli/sidecar.js runs another build (a patch under test, or the one before it).
import {existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {spawn} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = Number(process.argv[2] ?? 600);
const SAMPLE_S = Number(process.env.STORM_SAMPLE_S ?? 30);
const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-storm-'));
const starts = path.join(dir, 'starts.log');
const crash = [process.execPath, path.join(ROOT, 'faults/fixtures/random-crash.js'), starts];
const sidecars = Object.fromEntries(Array.from({length: 20}, (_, i) => [`c${i + 1}`, {
	command: crash, start: 'after', backoff: {initial: '10ms', max: '100ms'}, maxRestarts: {count: 1_000_000, window: '60s'},
}]));
writeFileSync(path.join(dir, 'sidecar.config.json'), JSON.stringify({name: `storm-${process.pid}`, main: {command: ['sleep', 'infinity']}, sidecars}));
const bin = process.env.STORM_BIN ?? path.join(ROOT, 'dist/cli/sidecar.js');
// STORM_NODE_ARGS='--trace-gc' and STORM_OUT=FILE: flags for the supervisor alone, and where its stdout goes.
const nodeArgs = process.env.STORM_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const out = process.env.STORM_OUT === undefined ? 'ignore' : openSync(process.env.STORM_OUT, 'w');
const supervisor = spawn(process.execPath, [...nodeArgs, bin, 'run'], {cwd: dir, stdio: ['ignore', out, 'inherit']});

process.once('exit', () => supervisor.kill('SIGTERM')); // Also when this script fails: never leave a storm running.
const rssMiB = () => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${supervisor.pid}/status`, 'latin1'))[1]) / 1024;
const fds = () => readdirSync(`/proc/${supervisor.pid}/fd`).length;
// utime + stime of the supervisor itself, in clock ticks (100 a second on Linux).
const ticks = () => {
	const text = readFileSync(`/proc/${supervisor.pid}/stat`, 'latin1');
	const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
	return Number(fields[11]) + Number(fields[12]);
};
const startsSoFar = () => readFileSync(starts, 'utf8').split('\n').length - 1;
const rows = [];
await sleep(2000);
for (const giveUp = Date.now() + 30_000; !existsSync(starts) && Date.now() < giveUp;) {
	await sleep(100); // A loaded machine: the first sidecar may take longer than 2 s to start.
}

const began = Date.now();
const ticksAtStart = ticks();
for (let at = 0; at <= SECONDS; at += SAMPLE_S) {
	await sleep(Math.max(0, began + (at * 1000) - Date.now()));
	rows.push({at, rss: rssMiB(), fds: fds(), starts: startsSoFar()});
	console.error(`${at}s: RSS ${rows.at(-1).rss.toFixed(1)} MiB, ${rows.at(-1).fds} fds, ${rows.at(-1).starts} starts`);
}

const cpuTicks = ticks() - ticksAtStart;
supervisor.kill('SIGTERM');
await new Promise(resolve => supervisor.once('exit', resolve));
rmSync(dir, {recursive: true, force: true});
const rate = (rows.at(-1).starts - rows[0].starts) / SECONDS;
console.log(`| time | supervisor RSS (MiB) | open fds | starts so far |\n| ---: | ---: | ---: | ---: |`);
for (const {at, rss, fds: open, starts: count} of rows) {
	console.log(`| ${at} s | ${rss.toFixed(1)} | ${open} | ${count} |`);
}

const afterMinute = rows.filter(row => row.at >= 60).map(row => row.rss);
if (process.env.STORM_JSON) { // For bench/scenarios/storm.js.
	console.log(JSON.stringify({rows, rate, cpu: cpuTicks / SECONDS, msPerRestart: cpuTicks * 10 / (rows.at(-1).starts - rows[0].starts)}));
	process.exit(0);
}

console.log(`\n${rate.toFixed(1)} restarts/s; supervisor CPU ${(cpuTicks / SECONDS).toFixed(1)} % of a core, ${(cpuTicks * 10 / (rows.at(-1).starts - rows[0].starts)).toFixed(2)} ms per restart; RSS after the first minute: ${Math.min(...afterMinute).toFixed(1)}–${Math.max(...afterMinute).toFixed(1)} MiB`);
