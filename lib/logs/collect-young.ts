import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {MAX_LINE_BYTES} from './lines.js';

// Every read of a child's pipe gets a fresh buffer of its own (up to 64 KiB) that only a GC frees. Short lines make
// strings, which fill V8's young generation and bring a scavenge every few MiB; one long line makes almost no objects,
// so ~30 MiB of read buffers wait for a GC (a bare reader of the pipe peaks ~27 MiB over idle). After each
// UNBROKEN_BYTES of output with no newline (each piece a long line is cut into) a minor GC (a scavenge of the young
// generation: well under a millisecond) frees them: a 50 MiB line then costs ~6 MiB, not ~35 (docs/lifecycle.md, Logs). `gc` comes from --expose-gc, set here at the
// first long line (a new context then has it) rather than for every run; where that fails, nothing is collected early.
export const UNBROKEN_BYTES = MAX_LINE_BYTES;

let minorGc: ((options: {type: 'minor'}) => void) | null | undefined;

export function collectYoung(): void {
	if (minorGc === undefined) {
		try {
			setFlagsFromString('--expose-gc');
			minorGc = runInNewContext('gc') as typeof minorGc;
		} catch {
			minorGc = null;
		}
	}

	minorGc?.({type: 'minor'});
}

// Counts the bytes of a stream since its last newline and collects after each UNBROKEN_BYTES of them.
export function unbrokenCounter(collect = collectYoung): (chunk: Buffer) => void {
	let unbroken = 0;
	return chunk => {
		const newline = chunk.lastIndexOf(0x0A);
		unbroken = newline === -1 ? unbroken + chunk.length : chunk.length - newline - 1;
		if (unbroken >= UNBROKEN_BYTES) {
			unbroken = 0;
			collect();
		}
	};
}
