// What users write (SidecarConfig) and what the code reads (ResolvedConfig): see docs/config.md.

// Template literal types let an editor reject `'10 seconds'` or `'12 bananas'` before `sidecar check` does; the
// runtime (lib/config/units.ts) also accepts any letter case and spaces. No @types/node needed: configs compile without it.
type DurationUnit = 'ms' | 's' | 'm' | 'h';
type SizeUnit = '' | 'B' | 'K' | 'KB' | 'KiB' | 'M' | 'MB' | 'MiB' | 'G' | 'GB' | 'GiB' | 'b' | 'k' | 'kb' | 'kib' | 'm' | 'mb' | 'mib' | 'g' | 'gb' | 'gib';
// The `@` tags are JSON Schema keywords for schema.json (tools/schema.js); they do not change the types. A string's
// pattern (a schema cannot say `${number}ms`) is set there from lib/config/units.ts, the grammar sidecar parses with.
/**
 * Milliseconds as a number, or a string like '250ms', '10s', '2m', '1h'.
 * @minimum 0
 */
export type Duration = number | `${number}${DurationUnit}`;
/**
 * Bytes as a number, or a string like '512KiB', '256MiB', '1GiB' (K, M, G are binary units too).
 * @exclusiveMinimum 0
 * @maximum 9007199254740991
 * @multipleOf 1
 */
export type Size = number | `${number}${SizeUnit}`;
// An array runs directly; a string runs through `/bin/sh -c`.
export type Command = string | string[];
/**
 * An exit code, 0-255.
 * @asType integer
 * @minimum 0
 * @maximum 255
 */
type ExitCode = number;
/**
 * A failing exit code, 1-255.
 * @asType integer
 * @minimum 1
 * @maximum 255
 */
type FailureCode = number;
/**
 * An HTTP status code, 100-599.
 * @asType integer
 * @minimum 100
 * @maximum 599
 */
type HttpStatus = number;
/**
 * A file path; a leading '-' means it may be missing.
 * @pattern ^([^-]|-[\s\S])
 */
type EnvFilePath = string;
// The signal names Node knows (the same list as NodeJS.Signals, without needing @types/node).
export type SignalName =
	| 'SIGABRT' | 'SIGALRM' | 'SIGBUS' | 'SIGCHLD' | 'SIGCONT' | 'SIGFPE' | 'SIGHUP' | 'SIGILL' | 'SIGINT' | 'SIGIO'
	| 'SIGIOT' | 'SIGKILL' | 'SIGPIPE' | 'SIGPOLL' | 'SIGPROF' | 'SIGPWR' | 'SIGQUIT' | 'SIGSEGV' | 'SIGSTKFLT' | 'SIGSTOP'
	| 'SIGSYS' | 'SIGTERM' | 'SIGTRAP' | 'SIGTSTP' | 'SIGTTIN' | 'SIGTTOU' | 'SIGUNUSED' | 'SIGURG' | 'SIGUSR1' | 'SIGUSR2'
	| 'SIGVTALRM' | 'SIGWINCH' | 'SIGXCPU' | 'SIGXFSZ' | 'SIGBREAK' | 'SIGLOST' | 'SIGINFO';

// How often and how long a probe is tried (readiness): until the first pass, then at `period` for as long as it runs.
type ReadinessTiming = {
	/** Start-up fails (exit 69) when the probe has not passed by then; default '30s'. */
	timeout?: Duration;
	/** Pause between failed attempts until the first pass; default '100ms'. */
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

// Commands run at points of a process's life, each in a process group of its own (docs/lifecycle.md, Hooks).
export type HooksSpec = {
	/** Run once the process has started; readiness waits for it, and a failure stops the spawn as a crash. */
	postStart?: Command;
	/** Run before stopSignal; it and the stop together take at most stopTimeout. */
	preStop?: Command;
	/** postStart fails after this long; default '30s'. */
	timeout?: Duration;
};

export type LimitsSpec = {
	/** Memory cap over the whole process tree, e.g. '256MiB'. */
	memory?: Size;
	/**
	 * CPU cap in cores over the whole process tree, e.g. 0.5.
	 * @minimum 0.01
	 */
	cpu?: number;
	/** What polling does when memory is over the limit; default 'restart'. */
	action?: 'restart' | 'stop' | 'warn';
	/** 'auto' (default): cgroups when writable, else polling. */
	enforce?: 'auto' | 'cgroup' | 'polling';
	/** Polling interval; default '1s'. */
	interval?: Duration;
};

export type LogFileSpec = {
	/**
	 * A copy of the process's lines, relative to the config directory.
	 * @minLength 1
	 */
	file?: string;
	/** Rotate when the file reaches this size; default '10MiB'. */
	maxSize?: Size;
	/**
	 * Rotated files kept; default 5.
	 * @asType integer
	 * @minimum 0
	 */
	keep?: number;
};

export type ProcessSpec = {
	/** Required, except for an external gate (a sidecar with only a readiness probe). An array runs directly; a string runs through /bin/sh -c. */
	command?: Command;
	/** When the process counts as ready; with none, once alive for 1s. */
	readiness?: ReadinessSpec;
	/** Checked while it runs; failures past the threshold restart it. */
	liveness?: LivenessSpec;
	/** Memory and CPU caps on the whole process tree. */
	limits?: LimitsSpec;
	/** Sent to the process group to stop it; default 'SIGTERM'. */
	stopSignal?: SignalName;
	/** Then SIGKILL to the whole tree; default '10s'. */
	stopTimeout?: Duration;
	/** Added to the supervisor's environment; wins over envFile. */
	env?: Record<string, string>;
	/** KEY=value files (dotenv syntax) read at start, below `env`; a path starting with '-' may be missing. */
	envFile?: EnvFilePath | EnvFilePath[];
	/**
	 * Working directory, relative to the config directory; default the config directory.
	 * @minLength 1
	 */
	cwd?: string;
	/**
	 * Run as this user (name or id); needs a root supervisor.
	 * @minimum 0
	 * @multipleOf 1
	 * @minLength 1
	 */
	user?: string | number;
	/**
	 * Run as this group (name or id); needs a root supervisor.
	 * @minimum 0
	 * @multipleOf 1
	 * @minLength 1
	 */
	group?: string | number;
	/**
	 * Container image for `sidecar export kubernetes|compose`.
	 * @minLength 1
	 */
	image?: string;
	/** A rotated log file for this process. */
	logs?: LogFileSpec;
	/** Exit codes that count as success besides 0 (a task completes, on-failure does not restart). */
	successCodes?: ExitCode[];
	/** Exit codes after which the process goes fatal at once, never restarted (such as 78, a bad config). */
	neverRestartOn?: FailureCode[];
	/** Commands run after start (postStart) and before the stop signal (preStop). */
	hooks?: HooksSpec;
};

export type MainSpec = ProcessSpec & {
	/** 'inherit': main reads the supervisor's terminal (a debugger, a REPL); 'ignore': no input. Default: 'inherit' when stdin is a terminal. */
	stdin?: 'inherit' | 'ignore';
};

export type BackoffSpec = {
	/** The first delay; default '100ms'. */
	initial?: Duration;
	/** The longest delay; default '30s'. */
	max?: Duration;
	/**
	 * Each restart multiplies the delay by this; default 2.
	 * @minimum 1
	 */
	factor?: number;
	/** A run this long resets the delay to initial; default '60s'. */
	resetAfter?: Duration;
};

export type MaxRestartsSpec = {
	/**
	 * Restarts allowed inside window; default 10.
	 * @asType integer
	 * @minimum 0
	 */
	count?: number;
	/** The sliding window; default '60s'. */
	window?: Duration;
};

export type SidecarSpec = ProcessSpec & {
	/** 'always' (default): a long-running sidecar; 'once': a task that runs to completion (exit 0 or successCodes). */
	run?: 'always' | 'once';
	/** 'before' (default): ready (a task: completed) before main starts; 'after': started once main is ready; 'shutdown' (tasks only): run after main has stopped, before the sidecars stop. */
	start?: 'before' | 'after' | 'shutdown';
	/** Tasks only: a run longer than this is stopped and counts as a failure; default none, '30s' for start: 'shutdown'. */
	timeout?: Duration;
	/** Sidecars, tasks and gates that must be ready (a task: completed) before this one starts. */
	dependsOn?: string[];
	/** Restart policy; default 'always', 'on-failure' for a task. */
	restart?: 'always' | 'on-failure' | 'never';
	/** Delay before each restart: min(initial × factor^n, max). */
	backoff?: BackoffSpec;
	/** More than count restarts inside window makes the sidecar fatal. */
	maxRestarts?: MaxRestartsSpec;
	/** A fatal critical sidecar stops the whole unit (exit 70); default false. */
	critical?: boolean;
	/** At shutdown, after main has exited: wait for this probe (or delay) before stopSignal. */
	drain?: DrainSpec;
};

export type UnitLogsSpec = {
	/** 'pretty' (default): coloured name prefixes; 'json': one object per line. */
	format?: 'pretty' | 'json';
	/** Prefix pretty lines with the time; default false. */
	timestamps?: boolean;
};

export type MetricsSpec = {
	/**
	 * Port of the Prometheus endpoint, e.g. 9464.
	 * @asType integer
	 * @minimum 0
	 */
	port?: number;
	/**
	 * Address it listens on; default '127.0.0.1'.
	 * @minLength 1
	 */
	host?: string;
};

// 'none' drops a signal that would otherwise be forwarded by default.
export type SignalTarget = 'main' | 'sidecars' | 'all' | 'none' | string[];

export type SidecarConfig = {
	/** Where editors find the JSON Schema (JSON and YAML configs); ignored by sidecar. */
	$schema?: string;
	/** Unit name: control socket, cgroups, SIDECAR_NAME; default the config directory's name. */
	name?: string;
	/** The application; its exit ends the unit. */
	main?: MainSpec;
	/** Helper processes, tasks (run: 'once') and external gates (no command, only readiness) by name; 'main' is reserved. */
	sidecars?: Record<string, SidecarSpec>;
	/** KEY=value files read for every process, below each process's own envFile; '-' prefix: may be missing. */
	envFile?: EnvFilePath | EnvFilePath[];
	/** Signals the supervisor forwards; default SIGHUP, SIGUSR1, SIGUSR2 to main. */
	signals?: Partial<Record<SignalName, SignalTarget>>;
	/** How the supervisor prints lines and events. */
	logs?: UnitLogsSpec;
	/** A Prometheus endpoint; none by default. */
	metrics?: MetricsSpec;
	/** 'sequential' (default): sidecars stop one at a time in reverse start order; 'parallel': each once those that depend on it are gone. */
	shutdown?: 'sequential' | 'parallel';
};

export type ResolvedProbe =
	| {kind: 'tcp'; host: string; port: number}
	| {kind: 'http'; url: string; headers: Record<string, string>; insecure: boolean; status: [number, number]}
	| {kind: 'exec'; command: string[]}
	| {kind: 'log'; pattern: string}
	| {kind: 'file'; path: string}
	// Readiness only: a line on fd 3; READY=1 on the process's own NOTIFY_SOCKET.
	| {kind: 'notify'}
	| {kind: 'sdNotify'};

export type ResolvedReadiness = {
	probe: ResolvedProbe;
	timeout: number;
	interval: number;
	checkTimeout: number;
	// null: the probe passes once (log, notify, sdNotify) and is not repeated.
	period: number | null;
	failureThreshold: number;
	successThreshold: number;
};
export type ResolvedLiveness = {
	probe: ResolvedProbe;
	interval: number;
	timeout: number;
	failureThreshold: number;
	initialDelay: number;
	// What a failing check does: a sidecar is always restarted; main follows `action` (default 'report').
	action: 'report' | 'restart' | 'exit';
};
export type ResolvedDrain = {probe: ResolvedProbe; timeout: number; interval: number} | {delay: number};
export type ResolvedHooks = {postStart: string[] | null; preStop: string[] | null; timeout: number};
export type ResolvedBackoff = {initial: number; max: number; factor: number; resetAfter: number};
export type ResolvedLimits = {
	memory: number | null;
	cpu: number | null;
	action: 'restart' | 'stop' | 'warn';
	enforce: 'auto' | 'cgroup' | 'polling';
	interval: number;
};

// An env file as given: absolute path, and whether it may be missing ('-' prefix, systemd's rule).
export type ResolvedEnvFile = {path: string; optional: boolean};

export type ResolvedProcess = {
	name: string;
	kind: 'main' | 'sidecar';
	// 'always': long-running; 'once': a task; 'gate': no command, only a readiness probe (an external dependency).
	run: 'always' | 'once' | 'gate';
	// Always argv: a string command becomes ['/bin/sh', '-c', command]; empty for a gate.
	command: string[];
	start: 'before' | 'after' | 'shutdown';
	// A task's limit on one run, in ms; null: none.
	timeout: number | null;
	dependsOn: string[];
	readiness: ResolvedReadiness | null;
	liveness: ResolvedLiveness | null;
	restart: 'always' | 'on-failure' | 'never';
	backoff: ResolvedBackoff;
	maxRestarts: {count: number; window: number};
	critical: boolean;
	limits: ResolvedLimits;
	stopSignal: SignalName;
	stopTimeout: number;
	// From the config's `env` and `sidecar run --env` (the latter winning).
	env: Record<string, string>;
	// Unit-level files first, then the process's own: exporters name them, never their values.
	envFiles: ResolvedEnvFile[];
	// What the files hold, merged in order (a later file wins); below `env` at spawn.
	fileEnv: Record<string, string>;
	// Where each key of the child's configured environment comes from: an env file's path, 'env' or '--env'.
	envSources: Record<string, string>;
	successCodes: number[];
	neverRestartOn: number[];
	cwd: string;
	user: string | number | null;
	group: string | number | null;
	image: string | null;
	logs: {file: string | null; maxSize: number; keep: number};
	hooks: ResolvedHooks;
	// Sidecars only (null for main and when none is set).
	drain: ResolvedDrain | null;
	// Main only ('ignore' for sidecars); 'auto': inherit when the supervisor's stdin is a terminal.
	stdin: 'auto' | 'inherit' | 'ignore';
};

export type ResolvedConfig = {
	name: string;
	// The folder the config was found in (or the working directory when there is none).
	directory: string;
	file: string | null;
	main: ResolvedProcess;
	// In declared order; lib/config/start-order.ts decides the start order.
	sidecars: ResolvedProcess[];
	// Signal → names of the processes it is forwarded to.
	signals: Record<string, SignalTarget>;
	logs: {format: 'pretty' | 'json'; timestamps: boolean};
	metrics: {port: number; host: string} | null;
	shutdown: 'sequential' | 'parallel';
};
