import type {ResolvedConfig, ResolvedProcess, ResolvedSchedule} from '../config/types.js';
import {toDnsLabel} from './names.js';
import type {YamlValue} from './yaml.js';

// `every` as a cron expression when the period divides an hour (in minutes) or a day (in hours) evenly; null
// otherwise. The cron form is aligned to the clock (`*/15`: :00, :15, …), not to the unit's start.
export function everyToCron(every: number): string | null {
	const minutes = every / 60_000;
	if (!Number.isInteger(minutes)) {
		return null;
	}

	if (minutes < 60) {
		return 60 % minutes === 0 ? (minutes === 1 ? '* * * * *' : `*/${minutes} * * * *`) : null;
	}

	const hours = minutes / 60;
	if (!Number.isInteger(hours) || hours > 24 || 24 % hours !== 0) {
		return null;
	}

	return hours === 24 ? '0 0 * * *' : hours === 1 ? '0 * * * *' : `0 */${hours} * * *`;
}

const concurrency = {skip: 'Forbid', queue: 'Forbid', replace: 'Replace', allow: 'Allow'} as const;

// CronJob names are at most 52 characters (the controller appends 11 for each Job).
const cronJobName = (unit: string, task: string): string => toDnsLabel(`${unit}-${task}`).slice(0, 52).replace(/-+$/, '');

// A CronJob per scheduled task, and one comment line per thing that is not carried over (long-running processes
// with a schedule, jitter, an uneven `every`, queue, runOnStart: true, the catchUp window's meaning).
export function cronJobs(config: ResolvedConfig, container: (spec: ResolvedProcess) => YamlValue): {jobs: YamlValue[]; notes: string[]} {
	const jobs: YamlValue[] = [];
	const notes: string[] = [];
	for (const spec of [config.main, ...config.sidecars].filter(process => process.schedule !== null)) {
		const schedule = spec.schedule!;
		const what = `${spec.name}'s schedule (${describe(schedule)})`;
		if (spec.run !== 'once') {
			notes.push(`${what}: ${spec.name} is long-running and restarts at each firing; a CronJob runs a task to completion, so this periodic restart has no Kubernetes form (a CronJob of your own running \`kubectl rollout restart\` would restart the whole Pod)`);
			continue;
		}

		const cron = schedule.cron ?? everyToCron(schedule.every!);
		if (cron === null) {
			notes.push(`${what}: every ${schedule.every! / 1000} s does not divide an hour into whole minutes or a day into whole hours, so it has no cron form; no CronJob is written for ${spec.name}`);
			continue;
		}

		notes.push(...lost(spec.name, schedule, cron));
		jobs.push(cronJob(config, spec, schedule, cron, container));
	}

	return {jobs, notes};
}

const describe = (schedule: ResolvedSchedule): string =>
	schedule.cron === null ? `every ${schedule.every! / 1000} s` : `cron ${JSON.stringify(schedule.cron)} in ${schedule.timezone}`;

function lost(name: string, schedule: ResolvedSchedule, cron: string): string[] {
	return [
		...(schedule.cron === null ? [`${name}: every ${schedule.every! / 1000} s is the cron "${cron}", aligned to the clock rather than counted from the unit's start`] : []),
		...(schedule.jitter > 0 ? [`${name}: jitter (${schedule.jitter / 1000} s): a CronJob has no random delay`] : []),
		...(schedule.overlap === 'queue' ? [`${name}: overlap 'queue' is concurrencyPolicy Forbid, which skips a firing while a Job runs instead of running it after`] : []),
		...(schedule.overlap === 'allow' ? [`${name}: overlap 'allow' is concurrencyPolicy Allow, which has no cap (the supervisor runs at most 4 at once)`] : []),
		...(schedule.runOnStart === true ? [`${name}: runOnStart: true (a run as the unit starts): a CronJob runs on its schedule only`] : []),
		...(schedule.catchUp === null ? [] : [`${name}: catchUp is startingDeadlineSeconds: a firing missed by the controller starts within that long; missed while nothing ran (the unit stopped) has no form`]),
		...(schedule.failureThreshold === 3 ? [] : [`${name}: failureThreshold ${schedule.failureThreshold}: Kubernetes counts failed Jobs in the CronJob's status only`]),
	];
}

function cronJob(config: ResolvedConfig, spec: ResolvedProcess, schedule: ResolvedSchedule, cron: string, container: (spec: ResolvedProcess) => YamlValue): YamlValue {
	const name = cronJobName(config.name, spec.name);
	const labels = {'app.kubernetes.io/name': toDnsLabel(config.name), 'app.kubernetes.io/component': toDnsLabel(spec.name), 'app.kubernetes.io/managed-by': 'sidecar'};
	return {
		apiVersion: 'batch/v1',
		kind: 'CronJob',
		metadata: {name, labels},
		spec: {
			schedule: cron,
			// An `every` schedule has no zone of its own: it is written in UTC.
			timeZone: schedule.cron === null ? 'Etc/UTC' : schedule.timezone,
			concurrencyPolicy: concurrency[schedule.overlap],
			startingDeadlineSeconds: schedule.catchUp === null ? undefined : Math.max(10, Math.ceil(schedule.catchUp / 1000)),
			jobTemplate: {
				spec: {
					// The task's timeout bounds each run, as the supervisor's does.
					activeDeadlineSeconds: spec.timeout === null ? undefined : Math.ceil(spec.timeout / 1000),
					backoffLimit: spec.restart === 'never' ? 0 : Number.isFinite(spec.maxRestarts.count) ? Math.max(0, spec.maxRestarts.count) : undefined,
					template: {
						metadata: {labels},
						spec: {restartPolicy: spec.restart === 'never' ? 'Never' : 'OnFailure', containers: [container(spec)]},
					},
				},
			},
		},
	};
}
