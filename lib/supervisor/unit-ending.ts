// Why a unit stops: a signal, `sidecar stop`, main's liveness, a critical sidecar going fatal.
export type StopRequest = {reason: string; exitCode?: number; signal?: NodeJS.Signals};

// What ends a unit's run (run-unit.ts): the first stop request, or main's exit, unless that exit is a restart of main
// (`sidecar restart --main`, main's liveness), which the run waits out instead.
export class UnitEnding {
	readonly requested: Promise<StopRequest>;
	// Set while main restarts (command-handlers.ts).
	mainRestart: Promise<unknown> | null = null;
	#request: StopRequest | null = null;
	#resolve: (request: StopRequest) => void = () => {};

	constructor() {
		this.requested = new Promise(resolve => {
			this.#resolve = resolve;
		});
	}

	get request(): StopRequest | null {
		return this.#request;
	}

	// Records the first request and wakes the run; false when a stop was requested already.
	begin(request: StopRequest): boolean {
		if (this.#request !== null) {
			return false;
		}

		this.#request = request;
		this.#resolve(request);
		return true;
	}
}
