import type {UnitHandle} from './add-on.js';

// Resolves once the unit runs (main started): firings before that are start-up's business ('gate'); or at `signal`.
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
