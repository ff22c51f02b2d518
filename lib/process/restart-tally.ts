import type {ResolvedProcess} from '../config/types.js';
import {backoffDelay} from './backoff.js';

// A process's restarts (docs/restarts.md): how many in all, the times of those within its budget's window, and the
// backoff's attempt, which a run that lasted `backoff.resetAfter` resets.
export class RestartTally {
	count = 0;
	#attempt = 0;
	#times: number[] = [];

	constructor(private readonly spec: Pick<ResolvedProcess, 'backoff' | 'maxRestarts'>, private readonly random: () => number) {}

	// The restarts within the window that ends `now` (the budget's count, exit-decision.ts).
	within(now: number): number[] {
		this.#times = this.#times.filter(time => now - time < this.spec.maxRestarts.window);
		return this.#times;
	}

	// How long to wait before the next spawn, after a run of `ranFor` ms.
	nextDelay(ranFor: number): number {
		if (ranFor >= this.spec.backoff.resetAfter) {
			this.#attempt = 0;
		}

		return backoffDelay(this.spec.backoff, this.#attempt++, this.random);
	}

	// One restart happened at `now`.
	add(now: number): void {
		this.count++;
		this.#times.push(now);
	}
}
