// Every default of the config, in one place. Durations in milliseconds, sizes in bytes.

// A process with no readiness probe counts as ready once it has stayed alive this long (docs/lifecycle.md).
export const ALIVE_COUNTS_AS_READY = 1000;

export const DEFAULTS = {
	start: 'before',
	restart: 'always',
	// Fast the first times (100 ms, as systemd's RestartSec), then doubling to a slow pace of 30 s,
	// between PM2's 15 s and Kubernetes' 300 s; reset after a minute of healthy running.
	backoff: {initial: 100, max: 30_000, factor: 2, resetAfter: 60_000},
	// 10 restarts inside 60 s make a sidecar fatal.
	maxRestarts: {count: 10, window: 60_000},
	critical: false,
	// Until the first pass: 100 ms apart, backing off to 1 s when no interval is set (readiness/pacing.ts). After it,
	// as Kubernetes' readinessProbe: every 10 s, 3 failures make it not ready, 1 pass ready again.
	readiness: {timeout: 30_000, interval: 100, maxInterval: 1000, period: 10_000, failureThreshold: 3, successThreshold: 1},
	// A drain waits at most this long for its probe (docs/lifecycle.md, Drain).
	drain: {timeout: 30_000, interval: 100},
	hooks: {timeout: 30_000},
	// A notification's command or request (docs/control.md, Notifications) is given up after this long, so a hook
	// that hangs never holds the unit's exit longer.
	notifyTimeout: 10_000,
	liveness: {interval: 10_000, timeout: 1000, failureThreshold: 3, initialDelay: 0},
	limits: {action: 'restart', enforce: 'auto', interval: 1000},
	// A shutdown task must not hold the unit's stop for long (a task's other runs have no limit by default).
	shutdownTaskTimeout: 30_000,
	stopSignal: 'SIGTERM',
	stopTimeout: 10_000,
	logFile: {maxSize: 10 * 1024 * 1024, keep: 5},
	// Forwarded to main: a reload request for the app (docs/lifecycle.md, Signals).
	signals: {SIGHUP: 'main', SIGUSR1: 'main', SIGUSR2: 'main'},
	logs: {format: 'pretty', timestamps: false},
	metricsHost: '127.0.0.1',
	// The HTTP API listens on loopback unless told otherwise (docs/http.md, Security).
	httpHost: '127.0.0.1',
} as const;
