import type {NotifyKind, ResolvedNotification} from '../config/types.js';
import type {EventOf, LifecycleEvent} from '../events/unit-events.js';
import type {UnitHandle} from '../supervisor/add-on.js';
import {environmentValues, notificationJson, type Notification} from './notification-json.js';
import {notifyKinds} from './notify-kinds.js';
import {NotifyRateLimit} from './notify-rate-limit.js';
import type {SendResult} from './send-notification.js';

// What the notifier reads of the unit: its config (the `on` entries now: a reload applies), events, clock, processes.
export type NotifierUnit = Pick<UnitHandle, 'name' | 'config' | 'state' | 'events' | 'clock' | 'process'>;
// How a notification is sent (send-notification.ts; a fake in the tests on the unit's clock).
export type SendNotification = (target: ResolvedNotification['target'], json: string, cwd: string) => Promise<SendResult>;

const FOLLOWED = ['fatal', 'restarting', 'unhealthy', 'limit', 'degraded', 'exited', 'schedule-failing', 'schedule-ended'] as const;

// The unit's notifications (docs/control.md, Notifications): each followed event is matched to the `on` entries of its
// process (or group) and the unit-wide ones, rate-limited per entry and process, and sent without being awaited, so a
// hook never holds the unit; a failure is one `notification-failed` event. finish() tells the unit's own failure,
// sends what the limit still holds and waits for every send (each bounded by its timeout).
export class Notifier {
	// An event and its crash context, taken when it happened (a summary is sent later, after other exits).
	readonly #limit: NotifyRateLimit<{event: Notification['event']; stderr: readonly string[]}>;
	readonly #sending = new Set<Promise<void>>();
	// Keys whose window's summary is waited for on the unit's clock.
	readonly #summaries = new Set<string>();
	#signal: AbortSignal | undefined;
	#mainFailure: EventOf<'exited'> | null = null;
	// A critical process went fatal (or its schedule failing): the unit stops with 70.
	#criticalFailure = false;

	constructor(private readonly unit: NotifierUnit, private readonly send: SendNotification) {
		this.#limit = new NotifyRateLimit(unit.clock.now);
	}

	follow(signal: AbortSignal): void {
		this.#signal = signal;
		for (const kind of FOLLOWED) {
			this.unit.events.on(kind, event => {
				this.#heard(event);
			}, signal);
		}
	}

	// `code`: the unit's exit code, null when its start-up failed (it then has none: the error is its outcome).
	async finish(code: number | null): Promise<void> {
		if (code === null || this.#mainFailure !== null || this.#criticalFailure) {
			const event = {event: 'unit-failed', name: this.unit.name, code, reason: this.#failureReason(code)} as const;
			for (const hook of this.unit.config.notifications.filter(({owner, kind}) => owner === null && kind === 'fatal')) {
				this.#dispatch(hook, this.unit.name, event, 0, this.#mainFailure?.stderr ?? []);
			}
		}

		for (const {key, item, folded} of this.#limit.pending()) {
			const [at, name] = key.split('\0') as [string, string];
			const hook = this.unit.config.notifications.find(candidate => candidate.at === at);
			if (hook !== undefined) {
				this.#dispatch(hook, name, item.event, folded, item.stderr);
			}
		}

		await Promise.all(this.#sending);
	}

	#heard(event: LifecycleEvent): void {
		const mainFailed = event.event === 'exited' && event.name === 'main' && this.unit.state === 'running' && this.#isFailure(event);
		if (mainFailed) {
			this.#mainFailure = event;
		}

		if ((event.event === 'fatal' || event.event === 'schedule-failing') && this.unit.process(event.name)?.spec.critical === true) {
			this.#criticalFailure = true;
		}

		// An extra run of a task (overlap 'allow', `job#3`) is its task's: one entry, one window.
		const name = event.name.replace(/#\d+$/, '');
		for (const kind of notifyKinds(event, mainFailed)) {
			// Main's failed exit is the unit's failure: unit-wide entries hear of it once, as the unit ends (finish).
			const unitWide = !(kind === 'fatal' && event.event === 'exited');
			for (const hook of this.#hooks(kind, name, unitWide)) {
				const key = `${hook.at}\0${name}`;
				const admitted = this.#limit.admit(key, {event, stderr: this.#crashContext(event)});
				if (admitted === null) {
					void this.#summarize(key, hook);
				} else {
					this.#dispatch(hook, event.name, event, admitted.folded, admitted.item.stderr);
				}
			}
		}
	}

	// The summary of a window that folded something, sent as the window ends: a crash loop is told in a minute, not
	// only when a later event or the unit's end comes.
	async #summarize(key: string, hook: ResolvedNotification): Promise<void> {
		const signal = this.#signal;
		if (this.#summaries.has(key) || signal === undefined) {
			return;
		}

		this.#summaries.add(key);
		const {clock} = this.unit;
		const slept = await clock.sleep(Math.max(0, this.#limit.due(key) - clock.now()), signal);
		this.#summaries.delete(key);
		const summary = slept ? this.#limit.take(key) : null;
		if (summary !== null) {
			this.#dispatch(hook, summary.item.event.name, summary.item.event, summary.folded, summary.item.stderr);
		}
	}

	#hooks(kind: NotifyKind, name: string, unitWide: boolean): ResolvedNotification[] {
		const group = this.unit.process(name)?.spec.replica?.group;
		return this.unit.config.notifications.filter(hook => hook.kind === kind
			&& (hook.owner === null ? unitWide : hook.owner === name || hook.owner === group));
	}

	// Not a success code, not the stop the supervisor sent, not a stop for a cause (liveness, a limit: told as such).
	#isFailure({code, signal, stopped, cause}: EventOf<'exited'>): boolean {
		return stopped !== true && cause === undefined && (signal !== null || code === null || (code !== 0 && !this.unit.config.main.successCodes.includes(code)));
	}

	#failureReason(code: number | null): string {
		if (code === null) {
			return 'start-up failed';
		}

		const main = this.#mainFailure;
		return main === null ? `stopped for a failure, exit code ${code}` : `main exited (${main.signal ?? `code ${main.code}`}), exit code ${code}`;
	}

	// The stderr tail the unit keeps for an exit: in the event, or for a restart the exit it follows.
	#crashContext(event: Notification['event']): readonly string[] {
		if ('stderr' in event && event.stderr !== undefined) {
			return event.stderr;
		}

		return event.event === 'restarting' ? this.unit.process(event.name)?.lastExitStderr ?? [] : [];
	}

	#dispatch(hook: ResolvedNotification, name: string, event: Notification['event'], folded: number, stderr: readonly string[]): void {
		const {config, clock} = this.unit;
		const notification: Notification = {kind: hook.kind, unit: this.unit.name, name, time: new Date(clock.now()).toISOString(), event, stderr, ...(folded > 0 ? {folded} : {})};
		const json = notificationJson(notification, environmentValues(config));
		const sending = this.send(hook.target, json, config.directory)
			.catch((error: unknown) => ({ok: false as const, reason: (error as Error).message}))
			.then(result => {
				if (!result.ok) {
					this.unit.events.report({event: 'notification-failed', name, kind: hook.kind, hook: hook.at, reason: result.reason});
				}
			})
			.finally(() => this.#sending.delete(sending));
		this.#sending.add(sending);
	}
}
