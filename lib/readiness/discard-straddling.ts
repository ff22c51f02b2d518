import type {SuspendNotice} from '../suspend-clock.js';
import type {Probe} from './probe.js';

// The same probe, whose checks that straddle a suspension of the unit are run again once it runs: while everything
// was stopped, a check's own timeout ran out (its timer fired at once on resume), so its failure is no news of the
// process and must not count towards liveness' failureThreshold or a readiness verdict (docs/lifecycle.md, Job control).
export function discardStraddling<T extends Probe>(probe: T, notice: SuspendNotice | undefined): Probe {
	if (notice === undefined) {
		return probe;
	}

	return {
		async check(timeout, signal) {
			for (;;) {
				await notice.untilResumed(signal); // A timer due during the suspension fires on resume, before the SIGCONT handler.
				const before = notice.suspensions;
				const result = await probe.check(timeout, signal);
				await notice.untilResumed(signal);
				if (notice.suspensions === before || signal.aborted) {
					return result;
				}
			}
		},
		get passed() {
			return probe.passed;
		},
	};
}
