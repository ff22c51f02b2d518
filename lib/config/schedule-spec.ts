// What users write for `schedule` (docs/schedules.md); sidecar-config.ts uses it, tools/schema.js follows it there.
import type {Duration} from './spec-values.js';

// When a process is fired by the clock (docs/schedules.md): exactly one of `cron` and `every`.
export type ScheduleSpec = {
	/**
	 * A cron expression of 5 fields (minute hour day month weekday) or 6 (seconds first), or a name: '@yearly',
	 * '@monthly', '@weekly', '@daily', '@hourly'. Read in `timezone`.
	 * @minLength 1
	 */
	cron?: string;
	/** A fixed period from the unit's start instead of `cron`, e.g. '15m'. */
	every?: Duration;
	/**
	 * The IANA time zone `cron` is read in, e.g. 'Europe/Berlin' or 'UTC'; default the host's.
	 * @minLength 1
	 */
	timezone?: string;
	/** Each firing waits a random delay up to this long (spreads many units' firings); default none. */
	jitter?: Duration;
	/** A firing while the last one still runs: 'skip' (default) it, 'queue' one more run after it, 'replace' (stop it and start anew), 'allow' (tasks: a concurrent run beside it, at most 4 at once). */
	overlap?: 'skip' | 'queue' | 'replace' | 'allow';
	/** At start, run once a firing missed (the unit was down) no longer ago than this, e.g. '6h'; default none. Keeps a small state file. */
	catchUp?: Duration;
	/** Tasks only. false (default): never off schedule; true: also once as the unit starts; 'gate': once before main starts (main waits), then on schedule. */
	runOnStart?: boolean | 'gate';
	/**
	 * This many failed firings in a row: a `schedule-failing` event (and with `critical`, the unit ends with 70); default 3.
	 * @asType integer
	 * @minimum 1
	 */
	failureThreshold?: number;
};
