// How often a readiness probe (or a gate) is tried while it waits (docs/lifecycle.md, Pace). With no
// `interval` set, the first FAST_ATTEMPTS come `interval` (100 ms) apart, so a quick process is seen at once; then
// each pause doubles up to `maxInterval` (1 s), so a long wait costs a tenth of the attempts (issue 29: an exec probe
// at a fixed 100 ms kept the supervisor at ~4 % of a core). A set `interval` is kept fixed: maxInterval equals it.
export type Pacing = {interval: number; maxInterval: number};

export const FAST_ATTEMPTS = 10;

// The pause after the `failures`-th failed attempt (1 for the first).
export function pauseAfter({interval, maxInterval}: Pacing, failures: number): number {
	return Math.max(interval, Math.min(maxInterval, interval * (2 ** Math.max(0, failures - FAST_ATTEMPTS))));
}
