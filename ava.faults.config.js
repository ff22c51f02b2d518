// `npm run test:faults`: the fault and soak suite (faults/, built into dist/faults/), kept out of `npm test`.
// One file at a time: the soak tests measure the supervisor's memory and timing, and must not compete.
export default {
	files: ['dist/faults/**/*.js', '!dist/faults/helpers/**'],
	timeout: '5m',
	concurrency: 1,
	workerThreads: false,
};
