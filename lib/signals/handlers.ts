// `process` in production; a plain EventEmitter in tests.
export type SignalHost = {on: (event: NodeJS.Signals, listener: () => void) => unknown; off: (event: NodeJS.Signals, listener: () => void) => unknown};

export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGQUIT'];
// Node opens its inspector on SIGUSR1 when nothing listens: we always listen, whatever the table says.
const ALWAYS_HANDLED: readonly NodeJS.Signals[] = ['SIGHUP', 'SIGUSR1', 'SIGUSR2'];

export type SignalActions = {
	stop: (signal: NodeJS.Signals) => void;
	forward: (signal: NodeJS.Signals, targets: readonly string[]) => void;
};

// TERM/INT/QUIT stop the unit; the forwarding table's signals go to their targets; all handlers go on abort.
export function handleSignals(host: SignalHost, table: ReadonlyMap<NodeJS.Signals, string[]>, actions: SignalActions, signal: AbortSignal): void {
	const listen = (name: NodeJS.Signals, listener: () => void) => {
		host.on(name, listener);
		signal.addEventListener('abort', () => host.off(name, listener), {once: true});
	};

	for (const name of STOP_SIGNALS) {
		listen(name, () => actions.stop(name));
	}

	for (const name of new Set([...ALWAYS_HANDLED, ...table.keys()])) {
		listen(name, () => actions.forward(name, table.get(name) ?? []));
	}
}
