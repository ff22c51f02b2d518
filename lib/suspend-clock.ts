// Resolves true after `ms`, false as soon as `signal` aborts.
export type Sleep = (ms: number, signal: AbortSignal) => Promise<boolean>;

// What a time-keeper reads of the unit's suspensions (Ctrl-Z, SIGTSTP: docs/lifecycle.md, Job control). A result that
// began before a suspension and ended after it (a probe whose own timeout ran out while everything was stopped) says
// nothing about the process and is discarded: `suspensions` changed, or the unit is `suspended` still.
export type SuspendNotice = {
	readonly suspended: boolean;
	// How many suspensions have begun so far.
	readonly suspensions: number;
	// Resolves once the unit runs again (at once when it does), or when `signal` aborts.
	untilResumed: (signal: AbortSignal) => Promise<void>;
	// For a deadline kept outside the supervisor (systemd's watchdog): `prepare` runs before each suspension, which waits
	// for it (at most PREPARE_MS), and `resumed` after each resume; until `signal` aborts.
	onSuspend: (prepare: () => Promise<void>, resumed: () => void, signal: AbortSignal) => void;
};

// How long a suspension waits for those that prepare for it: Ctrl-Z must still suspend when one of them hangs.
export const PREPARE_MS = 1000;

// The unit's time: real time less every span it spent suspended. Node's timers run on CLOCK_MONOTONIC, which goes on
// while the process is stopped, so every timer due meanwhile fires at once on resume, even before the SIGCONT handler
// runs; deadlines kept here are in unit time, and a sleep woken early (or while still suspended) sleeps on for the rest.
// Readiness timeouts, restart windows, backoff, task timeouts, stop timeouts and probe pauses read it, as the World's
// `now` and `sleep` (lib/world.ts; docs/architecture.md, One world).
export class SuspendClock implements SuspendNotice {
	#suspendedAt: number | null = null;
	#suspendedFor = 0;
	#suspensions = 0;
	#waiters = new Set<() => void>();
	readonly #owners = new Set<{prepare: () => Promise<void>; resumed: () => void}>();

	// `realNow`: Date.now in production; `realSleep`: a plain timer (a fake one in tests).
	constructor(private readonly realNow: () => number, private readonly realSleep: Sleep) {}

	get suspended(): boolean {
		return this.#suspendedAt !== null;
	}

	get suspensions(): number {
		return this.#suspensions;
	}

	// Unit time: frozen while suspended.
	readonly now = (): number => (this.#suspendedAt ?? this.realNow()) - this.#suspendedFor;

	// `ms` of unit time; a 0 ms sleep takes no timer (the next timers phase costs ~1 ms).
	readonly sleep: Sleep = async (ms, signal) => {
		const deadline = this.now() + ms;
		while (!signal.aborted) {
			if (this.suspended) {
				await this.untilResumed(signal);
				continue;
			}

			const left = deadline - this.now();
			if (left <= 0) {
				return true;
			}

			await this.realSleep(left, signal);
		}

		return false;
	};

	onSuspend(prepare: () => Promise<void>, resumed: () => void, signal: AbortSignal): void {
		const owner = {prepare, resumed};
		this.#owners.add(owner);
		signal.addEventListener('abort', () => this.#owners.delete(owner), {once: true});
	}

	// Runs every owner's `prepare`, together; resolves when all are done or after PREPARE_MS.
	async prepare(): Promise<void> {
		let timer: NodeJS.Timeout | undefined;
		const done = Promise.allSettled([...this.#owners].map(async ({prepare}) => prepare()));
		await Promise.race([done, new Promise(resolve => {
			timer = setTimeout(resolve, PREPARE_MS);
		})]);
		clearTimeout(timer);
	}

	// The unit is being suspended; a second call before resume() changes nothing.
	suspend(): void {
		if (this.#suspendedAt === null) {
			this.#suspendedAt = this.realNow();
			this.#suspensions++;
		}
	}

	// The unit runs again; returns how long it was suspended (0 when it was not).
	resume(): number {
		if (this.#suspendedAt === null) {
			return 0;
		}

		const span = this.realNow() - this.#suspendedAt;
		this.#suspendedFor += span;
		this.#suspendedAt = null;
		for (const wake of this.#waiters) {
			wake();
		}

		this.#waiters.clear();
		for (const {resumed} of this.#owners) {
			resumed();
		}

		return span;
	}

	async untilResumed(signal: AbortSignal): Promise<void> {
		if (!this.suspended || signal.aborted) {
			return;
		}

		await new Promise<void>(resolve => {
			const done = () => {
				this.#waiters.delete(done);
				signal.removeEventListener('abort', done);
				resolve();
			};

			this.#waiters.add(done);
			signal.addEventListener('abort', done, {once: true});
		});
	}
}
