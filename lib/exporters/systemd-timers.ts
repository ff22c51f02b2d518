import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import {cronToCalendar} from './systemd-calendar.js';

// One file of a multi-file export: its name (beside the others in /etc/systemd/system) and its text.
export type UnitFile = {name: string; text: string};

// How the files of `export systemd --timers` are printed on stdout: each after a `# FILE: NAME` line.
export const fileMarker = (name: string): string => `# FILE: ${name}`;

// A systemd unit name for `text`: characters systemd does not allow in one become `_`.
export const systemdUnitName = (text: string): string => text.replaceAll(/[^\w:.-]/g, '_');

// The processes that get a timer: every one with a schedule that the unit starts (a long-running process's firing is a
// restart, a task's a run).
export const scheduledProcesses = (config: ResolvedConfig): ResolvedProcess[] =>
	[config.main, ...config.sidecars].filter(spec => spec.schedule !== null);

// A duration as a systemd time span: whole seconds when it has no fraction of one.
const timeSpan = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000}s` : `${Math.round(ms)}ms`);

// The `sidecar` command line the oneshot runs (control commands find the unit by its name).
export type TimerCommand = {node: string; bin: string; quote: (argument: string) => string};

// Per scheduled process, a `.timer` and the oneshot `.service` it starts, which asks the running unit to fire the
// schedule (`sidecar run-now NAME`): overlap, retries, status and events stay the supervisor's, and the main service
// pauses the supervisor's own clock for it (ExecStartPost=, systemd.ts), so only the timer fires.
export function timerFiles(config: ResolvedConfig, command: TimerCommand): UnitFile[] {
	const service = `${systemdUnitName(config.name)}.service`;
	return scheduledProcesses(config).flatMap(spec => {
		const base = systemdUnitName(`${config.name}-${spec.name}`);
		const at = spec.kind === 'main' ? 'main.schedule' : `sidecars.${spec.name}.schedule`;
		return [
			{name: `${base}.timer`, text: timer(spec, at, service, base)},
			{name: `${base}.service`, text: oneshot(config, spec, service, command)},
		];
	});
}

function timer(spec: ResolvedProcess, at: string, service: string, base: string): string {
	const schedule = spec.schedule!;
	const lines = schedule.cron === null ? [] : cronToCalendar(`${at}.cron`, schedule.cron, schedule.timezone);
	const when = schedule.cron === null
		? [
			`# every ${timeSpan(schedule.every!)}, counted from the start of ${service} (the timer starts with it), as the supervisor counts it.`,
			`OnActiveSec=${timeSpan(schedule.every!)}`,
			`OnUnitActiveSec=${timeSpan(schedule.every!)}`,
		]
		: [
			`# cron ${JSON.stringify(schedule.cron)} in ${schedule.timezone}${lines.length > 1 ? ': cron fires on the day of the month OR the weekday, systemd on both, hence two lines' : ''}.`,
			...lines.map(line => `OnCalendar=${line}`),
		];
	return [
		`# The schedule of ${spec.name} in sidecar unit ${service}, written by \`sidecar export systemd --timers\`.`,
		'[Unit]',
		`Description=${`schedule of ${spec.name} (${service})`.replaceAll('%', '%%')}`,
		'# Runs while the unit runs: started and stopped with it.',
		`PartOf=${service}`,
		`After=${service}`,
		'',
		'[Timer]',
		...when,
		`Unit=${base}.service`,
		'# Firings are at most 1 s late (systemd\'s default is 1 min).',
		'AccuracySec=1s',
		...(schedule.jitter > 0 ? [`# jitter: each firing waits a random delay up to ${timeSpan(schedule.jitter)}.`, `RandomizedDelaySec=${timeSpan(schedule.jitter)}`] : []),
		...catchUp(schedule.catchUp),
		'',
		'[Install]',
		`WantedBy=${service}`,
		'',
	].join('\n');
}

// catchUp stays the supervisor's, which has the window (docs/schedules.md, Catch-up): every firing the timer sends is a
// run-now that it keeps in its state file. No Persistent=: with it, a firing missed while the unit was down ran twice,
// once by each catch-up (twice at once under overlap 'allow', one after the other under 'queue').
function catchUp(window: number | null): string[] {
	return window === null
		? []
		: [
			`# catchUp (${timeSpan(window)}) is the supervisor's: at start it runs once a firing missed no longer ago than that.`,
			'# The timer\'s firings reach it through run-now and are kept in its state file. No Persistent=: a missed firing',
			'# would then be caught up twice, once by the timer and once by the supervisor.',
		];
}

function oneshot(config: ResolvedConfig, spec: ResolvedProcess, service: string, {node, bin, quote}: TimerCommand): string {
	const schedule = spec.schedule!;
	const argv = [node, bin, 'run-now', spec.name, '--name', config.name];
	return [
		`# Fires the schedule of ${spec.name} in the running unit ${service}, written by \`sidecar export systemd --timers\`.`,
		'[Unit]',
		`Description=${`fire ${spec.name} in ${service}`.replaceAll('%', '%%')}`,
		'# Only while the unit runs: a firing never starts it.',
		`Requisite=${service}`,
		`After=${service}`,
		'',
		'[Service]',
		'Type=oneshot',
		`# The supervisor runs it under overlap '${schedule.overlap}' and counts failures (failureThreshold ${schedule.failureThreshold}); this returns once the run has started.`,
		...(schedule.overlap === 'allow'
			? ['# overlap \'allow\': systemd never runs one unit twice at once, so the concurrent runs are the supervisor\'s (at most 4): this', '# oneshot has ended long before the run it started, and the next firing reaches the supervisor again.']
			: []),
		'# Run as the same user as the unit, so the control socket is found.',
		`ExecStart=${argv.map(argument => quote(argument)).join(' ')}`,
		`# 69: the firing was skipped (overlap 'skip', or a run in progress), which is not a failure of the timer.`,
		'SuccessExitStatus=69',
		'',
	].join('\n');
}

// What the main service's comments say about schedules, with and without timers.
export function scheduleNotes(config: ResolvedConfig, timers: boolean): string[] {
	const names = scheduledProcesses(config).map(({name}) => name);
	if (names.length === 0) {
		return [];
	}

	return timers
		? [`# Schedules of ${names.join(', ')} are fired by their .timer units (\`sidecar run-now\`); the supervisor's own clock is paused for them:`]
		: [`# Schedules of ${names.join(', ')} are kept by \`sidecar run\` (\`sidecar export systemd --timers\` writes them as .timer units).`];
}
