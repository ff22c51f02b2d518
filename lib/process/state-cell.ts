import type {UnitEvents} from '../events/unit-events.js';
import {describeExit, type ExitInfo} from './spawn.js';
import {nextState, type ProcessEvent, type ProcessState} from './states.js';

// One process's state, moved only through the table (states.ts): each change is published as a `state` event with
// `from` and `to`, then told to the waiters (untilReady), so a change is announced in one place.
export class StateCell {
	#state: ProcessState = 'pending';
	readonly #waiters = new Set<() => void>();

	constructor(private readonly name: string, private readonly events: Pick<UnitEvents, 'publish'>) {}

	get current(): ProcessState {
		return this.#state;
	}

	apply(event: ProcessEvent): void {
		const from = this.#state;
		this.#state = nextState(from, event);
		this.events.publish({event: 'state', name: this.name, from, to: this.#state});
		for (const waiter of this.#waiters) {
			waiter(); // A waiter that is settled removes itself.
		}
	}

	// Resolves once `ready()` holds; rejects with the error `failed()` returns once it is not null. Both are asked now
	// (in a microtask) and after every change.
	async until(ready: () => boolean, failed: () => Error | null): Promise<void> {
		return new Promise((resolve, reject) => {
			const check = (): void => {
				if (ready()) {
					resolve();
				} else {
					const error = failed();
					if (error === null) {
						return;
					}

					reject(error);
				}

				this.#waiters.delete(check);
			};

			this.#waiters.add(check);
			queueMicrotask(check);
		});
	}
}

// Why a member can no longer become ready, for untilReady (null while it still may): it went fatal, is held stopped, or it exited (or
// the unit stopped), with the exit and the reason it is down (the start-up error, exit 69, quotes it).
export function notReadyError(state: ProcessState, lastExit: ExitInfo | null, downReason: string, unitStopped: boolean): Error | null {
	if (state === 'fatal') {
		return new Error(`it went fatal (${downReason})`);
	}

	if (state === 'stopped') {
		return new Error('it is stopped (until `sidecar start`)');
	}

	return state === 'exited' || unitStopped ? new Error(`it exited (${describeExit(lastExit)}${downReason === '' ? '' : `: ${downReason}`})`) : null;
}
