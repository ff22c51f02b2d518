// What users write (SidecarConfig): the unit and its processes, see docs/config.md. tools/schema.js reads this file.
import type {OnSpec} from './notify-spec.js';
import type {DrainSpec, LivenessSpec, ReadinessSpec} from './probe-spec.js';
import type {ReplicaCount, ReplicasSpec} from './replicas-spec.js';
import type {HttpSpec, MetricsSpec} from './listener-spec.js';
import type {ScheduleSpec} from './schedule-spec.js';
import type {SocketSpec} from './socket-spec.js';
import type {WatchSpec} from './watch-spec.js';
import type {Command, Duration, SignalName, Size} from './spec-values.js';

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
 * A file path; a leading '-' means it may be missing.
 * @pattern ^([^-]|-[\s\S])
 */
type EnvFilePath = string;
/**
 * A profile's name: letters, digits, ".", "_" or "-", starting with a letter or digit, at most 64 characters.
 * @pattern ^[A-Za-z\d][\w.-]{0,63}$
 */
type ProfileName = string;

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
	/** Run on a schedule (docs/schedules.md): a task (run: 'once') runs at each firing; a long-running process restarts. */
	schedule?: ScheduleSpec;
	/** Act when files change (docs/watch.md): restart (under `sidecar run --watch`), signal, or a build/validate step first. */
	watch?: WatchSpec;
	/** Notifications (docs/control.md, Notifications): a command or URL per kind of event of this process. */
	on?: OnSpec;
	/** Unit sockets (top-level `sockets`) this process receives as fd 3… with LISTEN_FDS (docs/sockets.md); not on a task or gate. */
	sockets?: string[];
};

export type MainSpec = ProcessSpec & {
	/** The 'before' sidecars, tasks and gates main waits for, each with its condition; default: every 'before' entry, ready. */
	dependsOn?: DependencySpec[];
	/** 'inherit': main reads the supervisor's terminal (a debugger, a REPL); 'ignore': no input. Default: 'inherit' when stdin is a terminal. */
	stdin?: 'inherit' | 'ignore';
};

// One edge of dependsOn (docs/lifecycle.md, Dependencies): a name alone waits for it to be ready.
export type DependencySpec = string | {
	/** The sidecar, task or gate depended on. */
	name: string;
	/** 'started': spawned; 'ready' (default): ready (a task: completed); 'completed' (tasks): ended, whatever its code; 'succeeded' (tasks): ended with a success code. */
	condition?: 'started' | 'ready' | 'completed' | 'succeeded';
	/** When the dependency restarts (crash restarts included) and meets the condition again: 'none' (default), 'restart' this process, or send it {signal}. */
	onRestart?: 'none' | 'restart' | {
		/** Sent to the dependent's process group, e.g. 'SIGHUP'. */
		signal: SignalName;
	};
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
	/** Sidecars, tasks and gates this one waits for: a name (ready first), or {name, condition, onRestart}. */
	dependsOn?: DependencySpec[];
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
	/** false: declared and checked but not started with the unit; `sidecar start NAME` starts it. Default true. */
	enabled?: boolean;
	/** Started only when `sidecar run --profile NAME` selects one of these; default none (always started). */
	profiles?: ProfileName[];
	/** Run this many instances (or {count, port, minReady, stagger}); not on main or a gate. */
	replicas?: ReplicaCount | ReplicasSpec;
};

export type UnitLogsSpec = {
	/** 'pretty' (default): coloured name prefixes; 'json': one object per line. */
	format?: 'pretty' | 'json';
	/** Prefix pretty lines with the time; default false. */
	timestamps?: boolean;
};

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
	/** An HTTP API with a status page, /healthz, /readyz and /metrics (docs/http.md); none by default. */
	http?: HttpSpec;
	/** Listening sockets the supervisor binds before anything starts and holds across restarts (docs/sockets.md). */
	sockets?: Record<string, SocketSpec>;
	/** 'sequential' (default): sidecars stop one at a time in reverse start order; 'parallel': each once those that depend on it are gone. */
	shutdown?: 'sequential' | 'parallel';
	/** Notifications for every process's events, and `fatal` for the unit ending with a failure (docs/control.md). */
	on?: OnSpec;
};
