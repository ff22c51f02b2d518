// `node bench/orphan-storm.js [SECONDS] [ORPHANS_PER_S]`: main leaves ORPHANS_PER_S (default 100) orphans a second
// (faults/fixtures/orphan-storm.js) for SECONDS (default 600); the supervisor runs as PID 1 of a PID namespace when
// root (`unshare --pid --fork --mount-proc`), else as a child subreaper. Prints its RSS and open fds every 30 s, its
// CPU, and the zombies left, as a markdown table for docs/benchmarks.md. Linux only (reads /proc).
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {spawn, spawnSync} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {processTable, stat} from './lib/proc.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const [SECONDS, RATE] = [Number(process.argv[2] ?? 600), Number(process.argv[3] ?? 100)];
const SAMPLE_S = Number(process.env.STORM_SAMPLE_S ?? 30);
const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-orphans-'));
writeFileSync(path.join(dir, 'sidecar.config.json'), JSON.stringify({main: {command: [process.execPath, path.join(ROOT, 'faults/fixtures/orphan-storm.js'), String(RATE)]}}));
const run = [process.execPath, path.join(ROOT, 'dist/cli/sidecar.js'), 'run'];
const namespace = process.getuid() === 0 && spawnSync('unshare', ['--pid', '--fork', '--mount-proc', '/bin/true']).status === 0;
const launcher = namespace ? spawn('unshare', ['--pid', '--fork', '--mount-proc', ...run], {cwd: dir, stdio: 'ignore'}) : spawn(run[0], run.slice(1), {cwd: dir, stdio: 'ignore'});

const children = pid => [...processTable().values()].filter(each => each.ppid === pid);
let supervisor = launcher.pid;
for (const giveUp = Date.now() + 10_000; namespace && supervisor === launcher.pid && Date.now() < giveUp; await sleep(20)) {
	supervisor = children(launcher.pid)[0]?.pid ?? launcher.pid; // unshare's child: PID 1 of the namespace.
}

// The supervisor, not unshare (which waits for its child and ignores SIGTERM meanwhile).
process.once('exit', () => { try { process.kill(supervisor, 'SIGTERM'); } catch {} }); // Also when this script fails: never leave a storm running.
const rssMiB = () => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${supervisor}/status`, 'latin1'))[1]) / 1024;
const zombies = () => children(supervisor).filter(each => each.state === 'Z').length;
await sleep(3000); // Start-up, main's first bursts.
const rows = [];
const ticksAtStart = stat(supervisor).ticks;
const began = Date.now();
for (let at = 0; at <= SECONDS; at += SAMPLE_S) {
	await sleep(Math.max(0, began + (at * 1000) - Date.now()));
	rows.push({at, rss: rssMiB(), fds: readdirSync(`/proc/${supervisor}/fd`).length, zombies: zombies()});
	console.error(`${at}s: RSS ${rows.at(-1).rss.toFixed(1)} MiB, ${rows.at(-1).fds} fds, ${rows.at(-1).zombies} zombies now`);
}

const cpu = (stat(supervisor).ticks - ticksAtStart) / SECONDS;
process.kill(supervisor, 'SIGTERM');
await new Promise(resolve => launcher.once('exit', resolve));
rmSync(dir, {recursive: true, force: true});
console.log(`| time | supervisor RSS (MiB) | open fds | zombies at that moment |\n| ---: | ---: | ---: | ---: |`);
for (const row of rows) {
	console.log(`| ${row.at} s | ${row.rss.toFixed(1)} | ${row.fds} | ${row.zombies} |`);
}

const after = rows.filter(row => row.at >= 60).map(row => row.rss);
console.log(`\n${RATE} orphans/s as ${namespace ? 'PID 1' : 'a subreaper'}; supervisor CPU ${cpu.toFixed(1)} % of a core; RSS after the first minute: ${Math.min(...after).toFixed(1)}–${Math.max(...after).toFixed(1)} MiB`);
