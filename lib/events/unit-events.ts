export type Stream = 'stdout' | 'stderr';

// Everything a unit tells: its processes' lines and the supervisor's events (docs/architecture.md). `event` and
// `name` (a process, or the unit for unit-wide events) are printed by --log-format json as they are here, with the
// other fields as the details, in this order.
export type UnitEvent =
	| {event: 'line'; name: string; stream: Stream; block: Buffer}
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
	| {event: 'limit'; name: string; resource: 'memory' | 'cpu'; reason: string; usage: number | null; limit: number | null; enforcement: string; action?: string}
	| {event: 'stopping'; name: string; pid?: number; signal?: NodeJS.Signals; reason?: string}
	| {event: 'stopped'; name: string; pid: number; how?: string}
	| {event: 'killing'; name: string; reason: string}
	| {event: 'reloaded'; name: string; added?: string; changed?: string; removed?: string}
	| {event: 'leftovers'; name: string; ended: string; reason: string}
	| {event: 'logfile-failed'; name: string; file: string; reason: string}
	| {event: 'notify-failed'; name: string; reason: string}
	// systemd's watchdog is fed again, or no longer (and why: main or a critical sidecar is failing).
	| {event: 'watchdog'; name: string; pinging: boolean; reason?: string}
	| {event: 'metrics'; name: string; url: string}
	// A helper program (ps, setpriv) is missing: what is lost without it (docs/host.md).
	| {event: 'helper-missing'; name: string; program: string; lost: string; reason?: string};

export type EventName = UnitEvent['event'];
export type EventOf<K extends EventName> = Extract<UnitEvent, {event: K}>;

// A subscriber's answer for every event: a handler, or 'ignore'. Written as a full record, so a new event is a
// compile error in every subscriber until it handles it or says it ignores it.
export type EventHandlers = {[K in EventName]: ((event: EventOf<K>) => void) | 'ignore'};

// One event → its handler in `handlers` (nothing for 'ignore').
export function dispatchTo(handlers: EventHandlers): (event: UnitEvent) => void {
	return event => {
		const handler = handlers[event.event];
		if (handler !== 'ignore') {
			(handler as (event: UnitEvent) => void)(event);
		}
	};
}

// The details of an event: every field but `event` and `name` (a line's block excluded), undefined ones dropped.
export function eventDetails(event: UnitEvent): Record<string, unknown> {
	const {event: _event, name: _name, ...details} = event;
	return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
}

// How fast the console takes lines: a child's output reader pauses while it is behind (back-pressure, docs/lifecycle.md).
export type Pace = {behind: () => boolean; whenDrained: (resume: () => void) => void};

// The unit's one event stream: published by the unit and its processes, read by the console, log files, recent
// lines, metrics, systemd notify and `logs --follow`. Subscribers are called in order, synchronously.
export class UnitEvents {
	readonly #subscribers = new Set<(event: UnitEvent) => void>();
	#pace: Pace = {behind: () => false, whenDrained: resume => resume()};

	// Returns the function that unsubscribes; `signal`, when given, unsubscribes too.
	subscribe(subscriber: (event: UnitEvent) => void, signal?: AbortSignal): () => void {
		this.#subscribers.add(subscriber);
		const unsubscribe = () => {
			this.#subscribers.delete(subscriber);
		};

		signal?.addEventListener('abort', unsubscribe, {once: true});
		return unsubscribe;
	}

	publish(event: UnitEvent): void {
		for (const subscriber of this.#subscribers) {
			subscriber(event);
		}
	}

	// The console sets this; output readers ask it.
	get pace(): Pace {
		return this.#pace;
	}

	set pace(pace: Pace) {
		this.#pace = pace;
	}
}
