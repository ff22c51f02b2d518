// What users write for readiness, liveness and drain probes (docs/lifecycle.md, Probes).
import type {Command, Duration} from './spec-values.js';

/**
 * An HTTP status code, 100-599.
 * @asType integer
 * @minimum 100
 * @maximum 599
 */
type HttpStatus = number;

// How often and how long a probe is tried (readiness): until the first pass, then at `period` for as long as it runs.
type ReadinessTiming = {
	/** Start-up fails (exit 69) when the probe has not passed by then; default '30s'. */
	timeout?: Duration;
	/** Pause between failed attempts until the first pass; default '100ms' for ten attempts, then doubling up to '1s' (a set interval is fixed). */
	interval?: Duration;
	/** One attempt (an exec probe's command, an http request) fails after this long; default the longer of interval and '1s'. */
	checkTimeout?: Duration;
	/** After the first pass the probe runs this often; default '10s' (probes that pass once, log, notify and sdNotify, are not repeated). */
	period?: Duration;
	/**
	 * Failures in a row, after the first pass, that make the process `not-ready`; default 3.
	 * @asType integer
	 * @minimum 1
	 */
	failureThreshold?: number;
	/**
	 * Passes in a row that make a `not-ready` process ready again; default 1.
	 * @asType integer
	 * @minimum 1
	 */
	successThreshold?: number;
};

// One probe kind per spec; the doc comment on each is what an editor shows on hover.
export type ProbeSpec =
	| {
		/**
		 * Passes when this port accepts a connection: a port (on 127.0.0.1) or 'HOST:PORT'.
		 * @minimum 1
		 * @maximum 65535
		 * @multipleOf 1
		 * @pattern ^(.+:)?0*([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])$
		 */
		tcp: number | string;
	}
	| {
		/**
		 * Passes when this URL answers with a status in `status` (default 200-399).
		 * @pattern ^https?://.
		 */
		http: string;
		/** Request headers, e.g. {Authorization: 'Bearer test'}. */
		headers?: Record<string, string>;
		/** Accept a certificate that does not verify (self-signed, the usual case for auth proxies); default false. */
		insecure?: boolean;
		/** The statuses that pass: one code, or [lowest, highest]; default [200, 399]. */
		status?: HttpStatus | [HttpStatus, HttpStatus];
	}
	| {
		/** Passes when this command exits 0. */
		exec: Command;
	}
	| {
		/**
		 * Passes when a stdout line matches this regular expression (readiness only).
		 * @minLength 1
		 */
		log: string;
	}
	| {
		/**
		 * Passes when this file exists, relative to cwd (readiness only).
		 * @minLength 1
		 */
		file: string;
	};

// Readiness the process announces itself (readiness only).
export type PushedReadiness =
	| {
		/** Ready at the first line the process writes to fd 3 (announced as NOTIFY_FD and READY_FD, as s6 and OpenRC do). */
		notify: true;
	}
	| {
		/** Ready when the process sends READY=1 to the NOTIFY_SOCKET the supervisor gives it (sd_notify); STATUS= is shown by status. */
		sdNotify: true;
	};

export type ReadinessSpec = (ProbeSpec | PushedReadiness) & ReadinessTiming;
export type LivenessSpec = Exclude<ProbeSpec, {log: string} | {file: string}> & {
	/** Time between checks; default '10s'. */
	interval?: Duration;
	/** One check fails after this long; default '1s'. */
	timeout?: Duration;
	/**
	 * Consecutive failures that restart the process; default 3.
	 * @asType integer
	 * @minimum 1
	 */
	failureThreshold?: number;
	/** Wait before the first check; default 0. */
	initialDelay?: Duration;
	/** What failing does: main 'report's (default), 'restart's main, or 'exit's the unit (code 70); a sidecar always restarts. */
	action?: 'report' | 'restart' | 'exit';
};

// At shutdown, after main has exited and before this sidecar's stopSignal: wait for a probe to pass, or for a delay.
export type DrainSpec =
	| (Exclude<ProbeSpec, {log: string}> & {
		/** Stop waiting (and stop the sidecar) after this long; default '30s'. */
		timeout?: Duration;
		/** Pause between attempts; default '100ms'. */
		interval?: Duration;
	})
	| {
		/** Wait this long, then stop the sidecar. */
		delay: Duration;
	};
