// What the code reads (ResolvedConfig): a config validated once, durations in ms, nothing optional (docs/config.md).
import type {SignalTarget} from './sidecar-config.js';
import type {SignalName} from './spec-values.js';

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
	// Pause after a failed attempt: `interval`, backing off to `maxInterval` (equal when interval was set; readiness/pacing.ts).
	interval: number;
	maxInterval: number;
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

// One edge of dependsOn: what the dependent waits for, and what a restart of the dependency does to it.
export type DependencyCondition = 'started' | 'ready' | 'completed' | 'succeeded';
export type ResolvedOnRestart = 'none' | 'restart' | {signal: SignalName};
export type ResolvedDependency = {name: string; condition: DependencyCondition; onRestart: ResolvedOnRestart};

// An instance of a replicated sidecar (docs/config.md, Replicas): its group, 0-based index and port. SIDECAR_REPLICA,
// SIDECAR_PORT and SIDECAR_REPLICAS (the group's count at its spawn) reach the child from here, not through `env`, so a
// new count changes no instance that does not use `${SIDECAR_REPLICAS}` (a reload touches only the difference).
export type ResolvedReplica = {group: string; index: number; port: number | null};

// A replicated sidecar: its instances are `NAME-0 … NAME-(count-1)` in `sidecars`. `template` is the entry as written,
// without `replicas`, from which config/replicas.ts resolves an instance for any index (`sidecar scale`).
export type ResolvedGroup = {
	name: string;
	count: number;
	port: {base: number; step: number} | null;
	// The group is `fatal` once fewer than this many instances can still be ready (default: count).
	minReady: number;
	// Between the starts of successive instances, in ms.
	stagger: number;
	critical: boolean;
	template: {spec: Record<string, unknown>; directory: string; unitEnv: {files: ResolvedEnvFile[]; fileEnv: {values: Record<string, string>; sources: Record<string, string>}; commandLine: Record<string, string>}};
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
	// Main's own edges gate its start; none: it waits for every 'before' entry to be ready (docs/lifecycle.md).
	dependsOn: ResolvedDependency[];
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
	// Started with the unit (config/profiles.ts): enabled, and with no profiles or one selected; main: true and [].
	enabled: boolean;
	profiles: string[];
	// Set on each instance of a replicated sidecar; null otherwise.
	replica: ResolvedReplica | null;
	// When the clock fires it (docs/schedules.md); null: never.
	schedule: ResolvedSchedule | null;
	// What a change to its files does (docs/watch.md); null: nothing is watched.
	watch: ResolvedWatch | null;
	// Names of the unit's sockets it receives as fd 3… in this order (docs/sockets.md); empty: none.
	sockets: string[];
};

// A unit socket (config/resolve-sockets.ts): bound once by the supervisor, passed to every process that lists it.
export type ResolvedSocket = {name: string; backlog: number} & (
	| {kind: 'tcp'; host: string; port: number}
	// `mode`: permissions as a number (0o660); null: the umask's.
	| {kind: 'unix'; path: string; mode: number | null}
);

// A watch, checked (config/resolve-watch.ts): absolute paths, durations in ms.
export type ResolvedWatch = {
	// Absolute: a directory is watched with all below it, a file through its directory (atomic saves).
	paths: string[];
	// The default excludes (WATCH_DEFAULT_IGNORE) then the user's; the unit's log files are excluded at run time.
	ignore: string[];
	// Empty: every path acts.
	include: string[];
	debounce: number;
	action: ResolvedWatchAction;
	cascade: boolean;
	when: 'dev' | 'always';
	// Poll period in ms instead of inotify; null: inotify.
	poll: number | null;
	maxDirs: number;
};

// What a watch's signal reaches: the process's own pid, or its process group.
export type ResolvedWatchSignal = {type: 'signal'; signal: SignalName; to: 'process' | 'group'};

// Restart through the stop path, a signal, or a one-shot step (argv, timeout in ms) and then one of the two.
export type ResolvedWatchAction =
	| {type: 'restart'}
	| ResolvedWatchSignal
	| {type: 'exec'; command: string[]; timeout: number; then: {type: 'restart'} | ResolvedWatchSignal};

// A schedule, checked (config/resolve-schedule.ts): exactly one of `cron` and `every`; durations in ms.
export type ResolvedSchedule = {
	// A cron expression croner accepts (5 or 6 fields, or an @name), read in `timezone`; null with `every`.
	cron: string | null;
	// A period from the unit's start, in ms; null with `cron`.
	every: number | null;
	// An IANA zone (the host's when none was given).
	timezone: string;
	// Up to this random delay before each firing; 0: none.
	jitter: number;
	// 'allow' only on a task (resolve-schedule.ts).
	overlap: 'skip' | 'queue' | 'replace' | 'allow';
	// A firing missed at most this long ago runs once at start; null: no catch-up (and no state file).
	catchUp: number | null;
	// Tasks only (false for a long-running process): 'gate' runs it as a 'before' task, then on schedule.
	runOnStart: boolean | 'gate';
	// Failed firings in a row before `schedule-failing`.
	failureThreshold: number;
};

// The HTTP API listener (docs/http.md); `token` null: no token (loopback only, enforced at resolve).
export type ResolvedHttp = {port: number; host: string; token: string | null};

export type ResolvedConfig = {
	name: string;
	// The folder the config was found in (or the working directory when there is none).
	directory: string;
	file: string | null;
	main: ResolvedProcess;
	// In declared order, a replicated sidecar as its instances; lib/config/start-order.ts decides the start order.
	sidecars: ResolvedProcess[];
	// The replicated sidecars, in declared order.
	groups: ResolvedGroup[];
	// Signal → names of the processes it is forwarded to.
	signals: Record<string, SignalTarget>;
	logs: {format: 'pretty' | 'json'; timestamps: boolean};
	metrics: {port: number; host: string} | null;
	// The HTTP API, page and readiness endpoints (docs/http.md); null when `http` is not set.
	http: ResolvedHttp | null;
	// In declared order; empty: the unit holds no socket.
	sockets: ResolvedSocket[];
	shutdown: 'sequential' | 'parallel';
	// The profiles `sidecar run --profile` selected (config/profiles.ts); none by default.
	profiles: string[];
	// Every `on` entry, unit-wide and per process, in config order (docs/control.md, Notifications).
	notifications: ResolvedNotification[];
};

// The kinds of notification (config/notify-spec.ts); docs/control.md maps each to the events it follows.
export type NotifyKind = 'fatal' | 'restart' | 'unhealthy' | 'limit' | 'degraded' | 'exit' | 'scheduleFailed';
// A command (argv, as `command`) or a URL the event is POSTed to; `timeout` in ms.
export type ResolvedNotifyTarget =
	| {type: 'command'; command: string[]; timeout: number}
	| {type: 'url'; url: string; headers: Record<string, string>; timeout: number};
// One `on` entry: `owner` is the config entry it is on (main, a sidecar, a replicated sidecar's group), null when
// unit-wide; `at` its path in the config (`sidecars.web.on.restart`).
export type ResolvedNotification = {owner: string | null; kind: NotifyKind; at: string; target: ResolvedNotifyTarget};
