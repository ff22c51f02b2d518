import type {SignalTarget} from '../config/types.js';

// `signals` config → signal name → the process names it goes to ('none' and empty lists drop it).
export function forwardTable(signals: Record<string, SignalTarget>, sidecarNames: readonly string[]): Map<NodeJS.Signals, string[]> {
	const table = new Map<NodeJS.Signals, string[]>();
	for (const [signal, target] of Object.entries(signals)) {
		const names = target === 'main' ? ['main']
			: target === 'sidecars' ? [...sidecarNames]
				: target === 'all' ? ['main', ...sidecarNames]
					: target === 'none' ? []
						: target;
		table.set(signal as NodeJS.Signals, names);
	}

	return table;
}
