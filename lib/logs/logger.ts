import type {Readable} from 'node:stream';
import {formatJson, jsonEvent} from './json.js';
import {LineBuffer} from './lines.js';
import {formatPretty, prettyEvent, prettyPrefix, type Stream} from './pretty.js';
import type {OutputSink} from './sink.js';

// Something else that wants every line (a log probe, a log file, the recent-lines buffer): a block of
// whole lines, each ending in "\n" (lib/logs/lines.ts splitLines() gives them one by one).
export type LineTap = (name: string, stream: Stream, block: Buffer) => void;

// Something else that wants every supervisor event (the metrics counters).
export type EventTap = (name: string, event: string, details: Record<string, unknown>) => void;

export type LoggerOptions = {format: 'pretty' | 'json'; timestamps: boolean; names: string[]};

// Children's lines and the supervisor's own events → the sink, whole lines only, with back-pressure.
export class Logger {
	readonly #taps = new Set<LineTap>();
	readonly #eventTaps = new Set<EventTap>();
	readonly #width: number;

	constructor(private readonly sink: OutputSink, private readonly options: LoggerOptions, private readonly clock = () => new Date()) {
		this.#width = Math.max('sidecar'.length, ...options.names.map(name => name.length));
	}

	tap(listener: LineTap): () => void {
		this.#taps.add(listener);
		return () => this.#taps.delete(listener);
	}

	tapEvents(listener: EventTap): () => void {
		this.#eventTaps.add(listener);
		return () => this.#eventTaps.delete(listener);
	}

	// Reads `source` until it ends; pauses it while the sink is behind so a flooding child slows down.
	pipe(name: string, stream: Stream, source: Readable): void {
		const lines = new LineBuffer();
		const prefix = prettyPrefix(name, this.#width, stream, this.options.timestamps);
		const emit = (whole: Buffer | undefined) => {
			if (whole === undefined) {
				return true;
			}

			for (const tap of this.#taps) {
				tap(name, stream, whole);
			}

			const now = this.clock();
			return this.sink.write(this.options.format === 'json' ? formatJson(name, stream, whole, now) : formatPretty(prefix(now), whole));
		};

		source.on('data', (chunk: Buffer) => {
			if (!emit(lines.push(chunk))) {
				source.pause();
				this.sink.whenDrained(() => source.resume());
			}
		});
		source.on('end', () => emit(lines.flush()));
		source.on('error', () => {}); // The child's side closed: its 'exit' tells the story.
	}

	// A supervisor event: `starting`, `ready`, `exited`, `restarting`, `fatal`, `stopping`, `stopped`, ...
	event(name: string, event: string, details: Record<string, unknown> = {}): void {
		for (const tap of this.#eventTaps) {
			tap(name, event, details);
		}

		const now = this.clock();
		this.sink.write(this.options.format === 'json'
			? jsonEvent(name, event, details, now)
			: prettyEvent(this.#width, name, event, details, this.options.timestamps ? now : undefined));
	}
}
