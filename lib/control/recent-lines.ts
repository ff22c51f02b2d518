import {splitLines} from '../logs/lines.js';
import type {LineFeed, Stream} from '../events/unit-events.js';
import type {LogLine} from './protocol.js';

// Per process: at most this many lines and this many bytes of them are kept for `sidecar logs`.
export const RECENT_LINES = 1000;
// See RECENT_LINES.
export const RECENT_BYTES = 512 * 1024;
// A longer line is kept cut to this length (the full line still went to stdout and the log file).
export const RECENT_LINE_MAX = 16 * 1024;

type Block = {seq: number; time: string; name: string; stream: LogLine['stream']; block: Buffer};
type Kept = {blocks: Block[]; bytes: number};

// The last lines of every process, bounded in bytes, fed by the unit's line channel. Blocks are kept as they came and
// split into lines only when asked: the log pipe's hot path pays one array push per chunk.
export class RecentLines {
	readonly #byName = new Map<string, Kept>();
	#seq = 0;

	constructor(private readonly clock: () => Date = () => new Date(), private readonly limits = {lines: RECENT_LINES, bytes: RECENT_BYTES}) {}

	// Keeps the lines of `feed` (every process's, for `sidecar logs` with or without a name) until `signal` aborts.
	follow(feed: LineFeed, signal?: AbortSignal): void {
		feed.subscribe(({name, stream, block}) => this.record(name, stream, block), signal);
	}

	record(name: string, stream: Stream, block: Buffer): void {
		const kept = this.#byName.get(name) ?? {blocks: [], bytes: 0};
		this.#byName.set(name, kept);
		// A large block is kept by reference (no copy on the flood path); a small one is copied, or its view
		// would pin the whole 64 KiB read buffer it came in and the byte bound would mean nothing.
		const own = block.length * 2 >= block.buffer.byteLength ? block : Buffer.from(block);
		kept.blocks.push({seq: this.#seq++, time: this.clock().toISOString(), name, stream, block: own});
		kept.bytes += block.length;
		while (kept.blocks.length > 1 && kept.bytes - kept.blocks[0]!.block.length >= this.limits.bytes) {
			kept.bytes -= kept.blocks.shift()!.block.length;
		}
	}

	// The last `count` lines of one process, or of all of them merged in arrival order.
	last(name: string | null, count: number): LogLine[] {
		const blocks = name === null
			? [...this.#byName.values()].flatMap(kept => kept.blocks).sort((a, b) => a.seq - b.seq)
			: this.#byName.get(name)?.blocks ?? [];
		const lines = blocks.flatMap(({time, name: owner, stream, block}) => splitLines(block).map(line => ({time, name: owner, stream, line})));
		const wanted = Math.min(count, this.limits.lines);
		return wanted <= 0 ? [] : lines.slice(-wanted).map(entry => ({...entry, line: entry.line.subarray(0, RECENT_LINE_MAX).toString('utf8')}));
	}
}
