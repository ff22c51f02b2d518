import type {ResolvedConfig} from '../config/types.js';
import {forwardTable} from '../signals/forward-table.js';
import {handleSignals, type SignalHost} from '../signals/handlers.js';
import {handleJobControl, JOB_CONTROL_SIGNALS, type JobControl} from '../signals/job-control.js';
import type {UnitHandle} from './add-on.js';

// What the supervisor's signals act on (supervisor.ts wires it).
export type SignalledUnit = {
	config: ResolvedConfig;
	// Main runs, in the terminal's foreground group (an interactive main: docs/lifecycle.md), and no stop has begun.
	mainHasTerminal: () => boolean;
	dispatch: UnitHandle['dispatch'];
	pids: JobControl['pids'];
	// One line on stderr.
	warn: (line: string) => void;
};

// Every catchable signal's fate (docs/lifecycle.md, Signals): stop, route by the table, suspend and resume the unit
// (when `jobControl` is given), or ignore with one line. With an interactive main, the terminal's Ctrl-C belongs to
// main, which got it too: the unit stops when main exits, with main's code, and a main that handles SIGINT and goes on
// keeps running, as under tini (issue 21).
export function routeUnitSignals(host: SignalHost, unit: SignalledUnit, jobControl: Omit<JobControl, 'pids'> | undefined, signal: AbortSignal): void {
	// A replicated sidecar by its group's name: `forward` finds the instances running when the signal comes.
	const sidecars = [...new Set(unit.config.sidecars.map(({name, replica}) => replica?.group ?? name))];
	const table = forwardTable(unit.config.signals, sidecars);
	handleSignals(host, table, {
		stop(name) {
			if (name !== 'SIGINT' || !unit.mainHasTerminal()) {
				// A refusal: the unit has stopped, the handlers are going.
				unit.dispatch({type: 'stop-unit', reason: `received ${name}`, signal: name}).catch(() => {});
			}
		},
		forward(name, targets) {
			unit.dispatch({type: 'forward', signal: name, targets}).catch(() => {});
		},
		ignore: name => unit.warn(`ignoring ${name}: ${table.has(name) ? `signals.${name} routes it nowhere` : 'nothing routes it (docs/lifecycle.md, Signals)'}`),
	}, signal, JOB_CONTROL_SIGNALS); // Without job control they keep their default: they stop the supervisor alone.
	if (jobControl !== undefined) {
		handleJobControl(host, {...jobControl, pids: unit.pids}, signal);
	}
}
