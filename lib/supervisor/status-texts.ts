import type {UnitEventsReader} from '../events/unit-events.js';

// The last STATUS= each process sent on its NOTIFY_SOCKET, for `sidecar status`; forgotten when it starts again.
export function followStatusTexts(events: Pick<UnitEventsReader, 'on'>, signal: AbortSignal): (name: string) => string | null {
	const texts = new Map<string, string>();
	events.on('starting', ({name}) => texts.delete(name), signal);
	events.on('notified', ({name, message}) => {
		const status = message.split('\n').findLast(line => line.startsWith('STATUS='));
		if (status !== undefined) {
			texts.set(name, status.slice('STATUS='.length));
		}
	}, signal);
	return name => texts.get(name) ?? null;
}
