import type {LineTap} from '../logs/logger.js';
import type {LogLine} from './protocol.js';

// Per process: at most this many lines and this many bytes of them are kept for `sidecar logs`.
export const RECENT_LINES = 1000;
// See RECENT_LINES.
export const RECENT_BYTES = 512 * 1024;
// A longer line is kept cut to this length (the full line still went to stdout and the log file).
export const RECENT_LINE_MAX = 16 * 1024;

type Kept = {lines: Array<{seq: number; entry: LogLine}>; bytes: number};

// The last lines of every process, bounded in count and bytes, fed by Logger.tap.
export class RecentLines {
	readonly #byName = new Map<string, Kept>();
	#seq = 0;

	constructor(private readonly clock: () => Date = () => new Date(), private readonly limits = {lines: RECENT_LINES, bytes: RECENT_BYTES}) {}

	// Give this to Logger.tap.
	readonly tap: LineTap = (name, stream, lines) => {
		const kept = this.#byName.get(name) ?? {lines: [], bytes: 0};
		this.#byName.set(name, kept);
		const time = this.clock().toISOString();
		for (const buffer of lines) {
			const line = buffer.subarray(0, RECENT_LINE_MAX).toString('utf8');
			kept.lines.push({seq: this.#seq++, entry: {time, name, stream, line}});
			kept.bytes += line.length;
		}

		let drop = 0;
		while (drop < kept.lines.length - 1 && (kept.lines.length - drop > this.limits.lines || kept.bytes > this.limits.bytes)) {
			kept.bytes -= kept.lines[drop]!.entry.line.length;
			drop++;
		}

		kept.lines.splice(0, drop);
	};

	// The last `count` lines of one process, or of all of them merged in time order.
	last(name: string | null, count: number): LogLine[] {
		const lines = name === null
			? [...this.#byName.values()].flatMap(kept => kept.lines).sort((a, b) => a.seq - b.seq)
			: this.#byName.get(name)?.lines ?? [];
		return count === 0 ? [] : lines.slice(-count).map(({entry}) => entry);
	}
}
