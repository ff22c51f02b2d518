import type {UnitHandle} from './add-on.js';

// Resolves once the unit runs (main started), at once if it does; or as soon as `signal` aborts. A trigger's firings
// before that are start-up's business (docs/schedules.md, runOnStart 'gate'; docs/watch.md).
export async function untilRunning(unit: Pick<UnitHandle, 'state' | 'events'>, signal: AbortSignal): Promise<void> {
	if (unit.state === 'running' || signal.aborted) {
		return;
	}

	return new Promise(resolve => {
		signal.addEventListener('abort', () => resolve(), {once: true});
		const stop = unit.events.on('unit-state', () => {
			if (unit.state === 'running') {
				stop();
				resolve();
			}
		}, signal);
	});
}
