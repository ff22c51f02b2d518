import type {LineBlock, LifecycleEvent, Stream, UnitEvents} from '../events/unit-events.js';
import {formatEvent} from './event-format.js';
import {formatJson, jsonEvent} from './json.js';
import {formatPretty, isLongLines, prettyEvent, prettyPieces, prettyPrefix} from './pretty.js';
import type {OutputSink} from './sink.js';

export type ConsoleOptions = {format: 'pretty' | 'json'; timestamps: boolean; names: string[]};

// Prints the unit's two channels on the supervisor's stdout: every line whole, every lifecycle event the logs show as
// one line (lib/logs/event-format.ts; docs/lifecycle.md, Logs), and sets the unit's pace from the sink. Returns the
// function that stops it.
export function printToConsole(events: UnitEvents, sink: OutputSink, options: ConsoleOptions, clock = () => new Date()): () => void {
	const width = Math.max('sidecar'.length, ...options.names.map(name => name.length));
	const prefixes = new Map<string, (now: Date) => Buffer>();
	const prefixFor = (name: string, stream: Stream) => {
		const key = `${stream}:${name}`;
		let prefix = prefixes.get(key);
		if (prefix === undefined) {
			prefix = prettyPrefix(name, width, stream, options.timestamps);
			prefixes.set(key, prefix);
		}

		return prefix;
	};

	const printLine = ({name, stream, block}: LineBlock) => {
		const now = clock();
		if (options.format === 'pretty' && isLongLines(block)) {
			// Views of the block, not a copy: a long line then costs the supervisor no second buffer (issue 21).
			for (const piece of prettyPieces(prefixFor(name, stream)(now), block)) {
				sink.write(piece);
			}

			return;
		}

		sink.write(options.format === 'json' ? formatJson(name, stream, block, now) : formatPretty(prefixFor(name, stream)(now), block));
	};

	const printEvent = (event: LifecycleEvent) => {
		const printed = formatEvent(event);
		if (printed === null) {
			return;
		}

		const {name, event: kind, details} = printed;
		const now = clock();
		sink.write(options.format === 'json'
			? jsonEvent(name, kind, details, now)
			: prettyEvent(width, name, kind, details, options.timestamps ? now : undefined));
	};

	events.pace = {behind: () => sink.behind(), whenDrained: resume => sink.whenDrained(resume)};
	const stopLines = events.lines.every().subscribe(printLine);
	const stopEvents = events.onEvery(printEvent);
	return () => {
		stopLines();
		stopEvents();
	};
}
