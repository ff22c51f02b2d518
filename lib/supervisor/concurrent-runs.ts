import type {ResolvedProcess} from '../config/types.js';
import type {ConcurrentOutcome, ConcurrentRun} from '../process/concurrent-run.js';

// At most this many runs of one task at once under overlap 'allow': the run in progress and 3 extra ones. A task that
// always outlasts its period would otherwise pile up a run per firing until memory or pids run out (Kubernetes'
// `Allow` sets no bound); 4 covers a run that overlaps its next few firings. A firing past it is skipped, with an event.
export const MAX_CONCURRENT_RUNS = 4;

// Spawns one extra run of `spec` tagged `tag` through the unit's world (Supervisor builds it).
export type StartConcurrentRun = (spec: ResolvedProcess, tag: string) => ConcurrentRun;

// The extra runs of one schedule in progress: started, counted, stopped together (the unit's stop, a reload).
export class ConcurrentRuns {
	readonly #runs = new Set<ConcurrentRun>();

	constructor(private readonly startRun: StartConcurrentRun) {}

	get size(): number {
		return this.#runs.size;
	}

	// Resolves with how the run ended.
	async start(spec: ResolvedProcess, tag: string): Promise<ConcurrentOutcome> {
		const run = this.startRun(spec, tag);
		this.#runs.add(run);
		try {
			return await run.ended;
		} finally {
			this.#runs.delete(run);
		}
	}

	// Stops every run in progress through the task's stop path; resolves once all have ended.
	async stopAll(reason: string): Promise<void> {
		await Promise.all([...this.#runs].map(async run => {
			await run.stop(reason);
			await run.ended;
		}));
	}
}
