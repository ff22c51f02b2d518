import {ProcessLines, type LineBlock} from './process-lines.js';

export type {LineBlock, LineFeed, Stream} from './process-lines.js';

// How a process's limits are held, as `status` shows it (lib/limits/enforcement.ts, enforcementLabel).
export type LimitEnforcement = 'cgroup' | 'polling' | 'none';
// What a memory limit does to a process over it (`limits.action`, docs/limits.md).
export type LimitAction = 'restart' | 'stop' | 'warn';

// What the unit and its processes tell, with real data (docs/architecture.md, The event stream). `name` is a process,
// or the unit for unit-wide events. What the logs print for each is lib/logs/event-format.ts's choice, not this type's.
export type LifecycleEvent =
	// A process changed state, `from` one `to` another (lib/process/states.ts; strings here: this layer knows no process types).
	| {event: 'state'; name: string; from: string; to: string}
	// The unit (`name` is the unit's) changed state: starting, running, stopping, stopped.
	| {event: 'unit-state'; name: string}
	// `pid` is missing for a command that could not start (not found, not executable).
	| {event: 'starting'; name: string; pid?: number}
	| {event: 'ready'; name: string; pid: number | null; probe?: string; after?: string; again?: true}
	// Its readiness probe failed failureThreshold times in a row after passing (docs/lifecycle.md, Probes).
	| {event: 'not-ready'; name: string; pid: number | null; reason: string}
	// What a process said on its NOTIFY_SOCKET (`readiness: {sdNotify: true}`): one datagram's lines.
	| {event: 'notified'; name: string; message: string}
	| {event: 'hook'; name: string; hook: 'postStart' | 'preStop'; pid: number; result: 'ok' | 'failed'; reason?: string}
	// Shutdown waits for a sidecar to drain before its stopSignal; `drained` says how it ended.
	| {event: 'draining'; name: string; pid: number | null; how: string; timeoutMs?: number}
	| {event: 'drained'; name: string; pid: number | null; result: 'passed' | 'waited' | 'timed out' | 'exited'; ms: number; reason?: string}
	// `stopped`: it died of the stop signal the supervisor sent (not a failure). `cause`: the supervisor stopped it for a
	// failure (liveness failed, memory over limit, postStart failed, timed out). `stderr`: the last lines of a failed
	// spawn (at most 20 lines, 2 KiB: lib/process/stderr-tail.ts).
	| {event: 'exited'; name: string; pid?: number; code: number | null; signal: NodeJS.Signals | null; error?: string; stopped?: boolean; cause?: string; stderr?: string[]}
	| {event: 'restarting'; name: string; delayMs: number; restarts: number; reason: string}
	| {event: 'fatal'; name: string; reason: string; code: number | null; signal: NodeJS.Signals | null; restarts: number; windowMs: number; stderr?: string[]}
	| {event: 'unhealthy'; name: string; pid: number | null; reason: string; action: string; stderr?: string[]}
	// An external gate began to wait for its probe (`for`: `tcp probe db.internal:5432`).
	| {event: 'waiting'; name: string; for: string}
	| {event: 'limit'; name: string; resource: 'memory' | 'cpu'; reason: string; usage: number | null; limit: number | null; enforcement: LimitEnforcement; action?: LimitAction}
	| {event: 'stopping'; name: string; pid?: number; signal?: NodeJS.Signals; reason?: string}
	| {event: 'stopped'; name: string; pid: number; how?: string}
	| {event: 'killing'; name: string; reason: string}
	// The names a reload added, changed and removed (lib/config/diff.ts).
	| {event: 'reloaded'; name: string; added: string[]; changed: string[]; removed: string[]}
	// A replicated sidecar (`name` is the group) was scaled from one count to another; `configured`: the config's count.
	| {event: 'scale'; name: string; from: number; to: number; configured: number}
	// A replicated sidecar has fewer ready instances than it should (`fatal`: fewer than minReady can still be), or all again.
	| {event: 'degraded'; name: string; ready: number; desired: number; fatal?: true}
	| {event: 'recovered'; name: string; ready: number; desired: number}
	// The pids of a killed supervisor's processes that were ended at start.
	| {event: 'leftovers'; name: string; ended: number[]; reason: string}
	| {event: 'logfile-failed'; name: string; file: string; reason: string}
	| {event: 'notify-failed'; name: string; reason: string}
	// systemd's watchdog is fed again, or no longer (and why: main or a critical sidecar is failing).
	| {event: 'watchdog'; name: string; pinging: boolean; reason?: string}
	| {event: 'metrics'; name: string; url: string}
	// The HTTP API listens (docs/http.md): its page's address.
	| {event: 'http'; name: string; url: string}
	// A helper program (ps, setpriv) is missing: what is lost without it (docs/host.md).
	| {event: 'helper-missing'; name: string; program: string; lost: string; reason?: string}
	// A schedule fired (docs/schedules.md): `reason` says why ('schedule', 'catch-up', 'start', 'run-now', 'queued'); `for`:
	// the firing time it stands for (ISO); `run`: an extra run's tag under overlap 'allow' (`job#3`, the firing's number),
	// the name its lines and events carry.
	| {event: 'schedule-fired'; name: string; reason: string; for: string; run?: string}
	// A firing's run ended (a run of a task, or a restart): succeeded, failed, replaced or interrupted.
	| {event: 'schedule-ended'; name: string; result: 'succeeded' | 'failed' | 'replaced' | 'interrupted'}
	// A firing that did not run: the last run still runs (overlap 'skip'), the schedule is paused, the unit is not running.
	| {event: 'schedule-skipped'; name: string; reason: string}
	// failureThreshold firings in a row failed; `critical`: the unit ends with 70.
	| {event: 'schedule-failing'; name: string; failures: number; critical?: true}
	| {event: 'schedule-paused'; name: string; paused: boolean}
	// The catch-up state file (`name` is the unit's) could not be read or written: no catch-up, the unit runs on.
	| {event: 'schedule-state'; name: string; file: string; reason: string}
	// A watch began (docs/watch.md): the directories watched for `paths`.
	| {event: 'watching'; name: string; directories: number; paths: string[]}
	// Watched files changed (`changes` of them, coalesced; `file` the last) and the watch acts.
	| {event: 'watch-fired'; name: string; file: string; changes: number}
	// What the action did: restarted or signalled it; its step failed (the process is left as it is: `stderr` is the
	// step's tail); or the unit refused it (the process is held, fatal, or the unit stops).
	| {event: 'watch-acted'; name: string; result: 'restarted' | 'signalled' | 'step failed' | 'refused'; signal?: NodeJS.Signals; reason?: string; stderr?: string[]}
	// The watch could not go on (a kernel limit, maxDirs): the process runs on unwatched.
	| {event: 'watch-failed'; name: string; code: string; directory: string; limit: string; reason: string}
	// A feedback loop: the watch stops until `sidecar reload`.
	| {event: 'watch-suspended'; name: string; file: string; reason: string};

// A block of a child's lines as one event: the shape `publish` and `subscribe` still take (both channels at once).
export type LineEvent = {event: 'line'} & LineBlock;
export type UnitEvent = LineEvent | LifecycleEvent;

export type EventName = LifecycleEvent['event'];
export type EventOf<K extends EventName> = Extract<LifecycleEvent, {event: K}>;

// How fast the console takes lines: a child's output reader pauses while it is behind (back-pressure, docs/lifecycle.md).
export type Pace = {behind: () => boolean; whenDrained: (resume: () => void) => void};

type Subscription = {kind: EventName | null; handler: (event: LifecycleEvent) => void};

// The unit's two channels (docs/architecture.md, The event stream): `lines`, each process's output fanned out per
// process, and the lifecycle events, subscribed by kind with `on`. Subscribers are called synchronously, in order.
export class UnitEvents {
	readonly lines = new ProcessLines();
	// One list, not one per kind: handlers of different kinds keep the order they subscribed in.
	readonly #subscriptions = new Set<Subscription>();
	#pace: Pace = {behind: () => false, whenDrained: resume => resume()};

	// Every event of one kind. Returns the function that unsubscribes; `signal`, when given, unsubscribes too.
	on<K extends EventName>(kind: K, handler: (event: EventOf<K>) => void, signal?: AbortSignal): () => void {
		return this.#add({kind, handler: handler as (event: LifecycleEvent) => void}, signal);
	}

	// Every lifecycle event, whatever its kind: for a subscriber that truly handles them all (the console).
	onEvery(handler: (event: LifecycleEvent) => void, signal?: AbortSignal): () => void {
		return this.#add({kind: null, handler}, signal);
	}

	// A lifecycle event: the unit's, its processes' and its add-ons' own (orphans, metrics, systemd).
	report(event: LifecycleEvent): void {
		for (const {kind, handler} of this.#subscriptions) {
			if (kind === null || kind === event.event) {
				handler(event);
			}
		}
	}

	// Either channel by the event's kind: a `line` goes to `lines`, anything else to `report`.
	publish(event: UnitEvent): void {
		if (event.event === 'line') {
			this.lines.publish(event);
		} else {
			this.report(event);
		}
	}

	// Both channels to one subscriber, lines as `line` events. Prefer `lines.of(name)` and `on(kind)`: this visits
	// every process's every line.
	subscribe(subscriber: (event: UnitEvent) => void, signal?: AbortSignal): () => void {
		// A block published as a `line` event is passed on as it is: the flood path allocates nothing per subscriber.
		const asEvent = (line: LineBlock): LineEvent => (line as Partial<LineEvent>).event === 'line' ? line as LineEvent : {event: 'line', ...line};
		const stopLines = this.lines.every().subscribe(line => subscriber(asEvent(line)), signal);
		const stopEvents = this.onEvery(subscriber, signal);
		return () => {
			stopLines();
			stopEvents();
		};
	}

	// The console sets this; output readers ask it.
	get pace(): Pace {
		return this.#pace;
	}

	set pace(pace: Pace) {
		this.#pace = pace;
	}

	#add(subscription: Subscription, signal?: AbortSignal): () => void {
		this.#subscriptions.add(subscription);
		const unsubscribe = () => {
			this.#subscriptions.delete(subscription);
		};

		signal?.addEventListener('abort', unsubscribe, {once: true});
		return unsubscribe;
	}
}

// The narrow writer, for the unit and its processes alone: what a child's output reader needs (lib/logs/output-reader.ts).
export type UnitEventsWriter = Pick<UnitEvents, 'publish' | 'pace'>;

// What an add-on holds: it reads both channels and reports its own lifecycle events, but publishes no child's lines.
export type UnitEventsReader = {readonly lines: Pick<ProcessLines, 'of' | 'every'>} & Pick<UnitEvents, 'on' | 'onEvery' | 'report'>;
