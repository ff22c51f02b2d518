import {dispatchTo, eventDetails, type EventHandlers, type Stream, type UnitEvent, type UnitEvents} from '../events/unit-events.js';
import {formatJson, jsonEvent} from './json.js';
import {formatPretty, isLongLines, prettyEvent, prettyPieces, prettyPrefix} from './pretty.js';
import type {OutputSink} from './sink.js';

export type ConsoleOptions = {format: 'pretty' | 'json'; timestamps: boolean; names: string[]};

// Prints the unit's stream on the supervisor's stdout: every line whole, every supervisor event as one line
// (docs/lifecycle.md, Logs), and sets the stream's pace from the sink. Returns the function that stops it.
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

	const print = (event: UnitEvent) => {
		const now = clock();
		sink.write(options.format === 'json'
			? jsonEvent(event.name, event.event, eventDetails(event), now)
			: prettyEvent(width, event.name, event.event, eventDetails(event), options.timestamps ? now : undefined));
	};

	const handlers: EventHandlers = {
		line({name, stream, block}) {
			const now = clock();
			if (options.format === 'pretty' && isLongLines(block)) {
				// Views of the block, not a copy: a long line then costs the supervisor no second buffer (issue 21).
				for (const piece of prettyPieces(prefixFor(name, stream)(now), block)) {
					sink.write(piece);
				}

				return;
			}

			sink.write(options.format === 'json' ? formatJson(name, stream, block, now) : formatPretty(prefixFor(name, stream)(now), block));
		},
		state: 'ignore',
		'unit-state': 'ignore',
		starting: print,
		ready: print,
		'not-ready': print,
		// Chatty (a child's own WATCHDOG=1 pings): its STATUS= is shown by `sidecar status`.
		notified: 'ignore',
		hook: print,
		draining: print,
		drained: print,
		exited: print,
		restarting: print,
		fatal: print,
		unhealthy: print,
		limit: print,
		stopping: print,
		stopped: print,
		killing: print,
		reloaded: print,
		leftovers: print,
		'logfile-failed': print,
		watchdog: print,
		'notify-failed': print,
		metrics: print,
		waiting: print,
		'helper-missing': print,
	};
	events.pace = {behind: () => sink.behind(), whenDrained: resume => sink.whenDrained(resume)};
	return events.subscribe(dispatchTo(handlers));
}
