import type {UnitEvents} from '../events/unit-events.js';

// The last STATUS= each process sent on its NOTIFY_SOCKET, for `sidecar status`; forgotten when it starts again.
export function followStatusTexts(events: UnitEvents, signal: AbortSignal): (name: string) => string | null {
	const texts = new Map<string, string>();
	events.subscribe(event => {
		if (event.event === 'starting') {
			texts.delete(event.name);
		} else if (event.event === 'notified') {
			const status = event.message.split('\n').findLast(line => line.startsWith('STATUS='));
			if (status !== undefined) {
				texts.set(event.name, status.slice('STATUS='.length));
			}
		}
	}, signal);
	return name => texts.get(name) ?? null;
}
