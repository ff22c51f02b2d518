import type {HostWorld} from '../world.js';
import {straySignals} from './catchable.js';

// The world's signal source: `process` in production; a plain EventEmitter in tests.
export type SignalHost = HostWorld['signals'];

export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGQUIT'];
// Node opens its inspector on SIGUSR1 when nothing listens: we always listen, whatever the table says.
const ALWAYS_HANDLED: readonly NodeJS.Signals[] = ['SIGHUP', 'SIGUSR1', 'SIGUSR2'];

export type SignalActions = {
	stop: (signal: NodeJS.Signals) => void;
	forward: (signal: NodeJS.Signals, targets: readonly string[]) => void;
	// A signal nothing routes: the supervisor survives it and says so (one line on stderr).
	ignore: (signal: NodeJS.Signals) => void;
};

// TERM/INT/QUIT stop the unit; the forwarding table's signals go to their targets; every other signal that would end
// the supervisor is ignored, except those in `elsewhere` (job control: signals/job-control.ts). All handlers go on abort.
export function handleSignals(
	host: SignalHost,
	table: ReadonlyMap<NodeJS.Signals, string[]>,
	actions: SignalActions,
	signal: AbortSignal,
	elsewhere: readonly NodeJS.Signals[] = [],
): void {
	const listen = (name: NodeJS.Signals, listener: () => void) => {
		host.on(name, listener);
		signal.addEventListener('abort', () => host.off(name, listener), {once: true});
	};

	for (const name of STOP_SIGNALS) {
		listen(name, () => actions.stop(name));
	}

	const routed = new Set([...ALWAYS_HANDLED, ...table.keys()]);
	for (const name of routed) {
		const targets = table.get(name) ?? [];
		listen(name, () => (targets.length === 0 ? actions.ignore(name) : actions.forward(name, targets)));
	}

	for (const name of straySignals([...STOP_SIGNALS, ...routed, ...elsewhere])) {
		listen(name, () => actions.ignore(name));
	}
}
