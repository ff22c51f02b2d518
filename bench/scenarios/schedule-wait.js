// The supervisor's own CPU while it waits for a schedule (issue 25): a task every 1h (and one on a cron), so nothing
// fires during the window; the same unit without the schedules is the reference. Sidecar only: the peers' schedules
// (pm2's cron_restart) restart a process, and none has a task that waits between runs.
import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {cpuMs, descendants, killAll, stat, waitFor} from '../lib/proc.js';
import {ROOT} from '../lib/peers.js';

const WINDOW_MS = Number(process.env.BENCH_SCHEDULE_WINDOW_MS ?? 30_000);
const SCHEDULED = 'sidecar: tasks every 1h and on cron "0 3 * * *"';
const PLAIN = 'sidecar: the same unit without schedules';
const TICK_MS = 10; // USER_HZ 100: /proc/PID/stat counts utime + stime in 10 ms ticks.

export const scheduleWait = {
	id: 'schedule-wait',
	title: 'Waiting for a schedule: supervisor CPU',
	about: `Main (\`sleep infinity\`) and two scheduled tasks (\`every: '1h'\`, \`cron: '0 3 * * *'\`) that do not fire in the window: CPU of the supervisor's own processes (the supervisor and its orphan watcher, not main) over ${WINDOW_MS / 1000} s after 1 s settling, from utime + stime in /proc/PID/stat (10 ms ticks) and from the scheduler's exact count (schedstat). A schedule's timer sleeps at most 60 s before it reads the wall clock again (lib/supervisor/schedule-trigger.ts, MAX_SLEEP), so the window sees at most one wake-up per schedule; the reference is the same unit with the tasks unscheduled (held, not started).`,
	metrics: [{key: 'cpu', label: 'CPU % of a core (/proc/PID/stat)', better: 'lower'}, {key: 'exact', label: 'CPU % of a core (schedstat)', better: 'lower'}],
	subjects: () => [SCHEDULED, PLAIN],
	async measure(subject) {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'sidecar-bench-'));
		const task = schedule => ({run: 'once', command: ['sleep', '1'], ...(subject === SCHEDULED ? {schedule} : {enabled: false})});
		writeFileSync(path.join(dir, 'sidecar.config.json'), JSON.stringify({
			name: `bench-schedule-${process.pid}-${Date.now()}`,
			main: {command: ['sleep', 'infinity']},
			sidecars: {hourly: task({every: '1h'}), nightly: task({cron: '0 3 * * *', timezone: 'UTC'})},
		}));
		const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli/sidecar.js'), 'run'], {cwd: dir, stdio: 'ignore'});
		const exited = new Promise(resolve => child.once('exit', resolve));
		try {
			const own = () => descendants(child.pid).filter(pid => !commandOf(pid).startsWith('sleep'));
			await waitFor(() => descendants(child.pid).some(pid => commandOf(pid).startsWith('sleep')), 20_000, 'main');
			await sleep(1000);
			const pids = own();
			const ticks = () => pids.reduce((sum, pid) => sum + (stat(pid)?.ticks ?? 0), 0);
			const exact = () => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
			const [ticksBefore, exactBefore] = [ticks(), exact()];
			await sleep(WINDOW_MS);
			return {cpu: 100 * (ticks() - ticksBefore) * TICK_MS / WINDOW_MS, exact: 100 * (exact() - exactBefore) / WINDOW_MS};
		} finally {
			const left = descendants(child.pid);
			child.kill('SIGTERM');
			await Promise.race([exited, sleep(5000)]);
			killAll(left);
			rmSync(dir, {recursive: true, force: true});
		}
	},
	targets(results) {
		const cpu = results.get(SCHEDULED)?.cpu;
		return cpu ? [{text: 'CPU while waiting for a schedule < 1 % of a core (issue 25)', figure: `${cpu.median.toFixed(2)} %`, pass: cpu.median < 1,
			why: `the same unit without schedules uses ${results.get(PLAIN)?.cpu?.median.toFixed(2) ?? '?'} % (its usage poll each second); a waiting schedule adds one timer that wakes at most once a minute`}] : [];
	},
};

// argv of a process, joined by spaces ('' once it is gone).
function commandOf(pid) {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'latin1').replaceAll('\0', ' ');
	} catch {
		return '';
	}
}
