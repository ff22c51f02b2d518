// Milliseconds on the monotonic clock. process.hrtime rather than performance.now(): the first use of the
// `performance` global loads a dozen perf_hooks modules, ~1 ms of `sidecar run`'s start-up.
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;
