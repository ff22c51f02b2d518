import {setFlagsFromString} from 'node:v8';

// While children crash-loop, the supervisor allocates steadily (a spawn, its pipes, events, lines), and V8 grows its
// young generation from 1 MiB semi-spaces up to 16 MiB and keeps them: ~40 MiB of RSS that holds only garbage
// (docs/benchmarks.md, crash storm). V8 reads --max-semi-space-size once, when the heap is set up, and NODE_OPTIONS
// would reach every child; the growth factor is read at each growth, so setting it to 1 here stops the growth in this
// process only. The cost is more frequent scavenges, measured in the same place.
export function boundYoungGeneration(): void {
	setFlagsFromString('--semi-space-growth-factor=1');
}
