import type {ResolvedConfig, ResolvedDependency, ResolvedProcess} from '../config/types.js';
import type {UnitEventsReader} from '../events/unit-events.js';
import type {ProcessState} from '../process/states.js';
import type {UnitHandle} from './add-on.js';
import {meetsCondition} from './dependency-conditions.js';

// What the trigger reads of the unit and may ask of it.
export type DependencyRestartsUnit = Pick<UnitHandle, 'config' | 'dispatch' | 'process'>;

// A trigger (docs/architecture.md, A trigger) for each edge's `onRestart` (docs/lifecycle.md, Dependencies): once a
// dependency has restarted (a crash restart, a liveness or limit recycle, `sidecar restart`, a stop and start) and meets
// the edge's condition again, its dependent is restarted (`restart`, gated on its dependencies as at start-up) or
// signalled (`signal`, to its process group), through `dispatch`: the unit state × command table refuses both while
// the unit starts or stops, and a signal to a dependent that is not running. Until `signal` aborts.
export function actOnDependencyRestarts(unit: DependencyRestartsUnit, events: UnitEventsReader, signal: AbortSignal): void {
	// Edges (`dependent→dependency`) whose dependency restarted and has not met the condition since.
	const restarted = new Set<string>();
	events.on('state', ({name, from, to}) => {
		const config = unit.config; // Read now: a reload may have changed the edges.
		const dependency = unit.process(name)?.spec; // An instance a scale added is in no config.
		if (dependency === undefined || dependency.kind === 'main') {
			return;
		}

		for (const [dependent, edge] of edgesTo(config, dependency)) {
			const key = `${dependent}→${name}`;
			// A new spawn (a gate: a new wait) after an earlier one; the first start is from 'pending'.
			if ((to === 'starting' || to === 'waiting') && from !== 'pending') {
				restarted.add(key);
			}

			if (restarted.has(key) && meetsCondition(edge.condition, to as ProcessState, dependency.run)) {
				restarted.delete(key);
				act(unit, dependent, edge);
			}
		}
	}, signal);
}

// The edges to a process (by its name, or its group's: every instance's restart counts) that act on a restart, with
// their dependent's name.
const edgesTo = (config: ResolvedConfig, {name, replica}: ResolvedProcess): Array<[string, ResolvedDependency]> =>
	[config.main, ...config.sidecars].flatMap(spec =>
		spec.dependsOn.filter(edge => (edge.name === name || edge.name === replica?.group) && edge.onRestart !== 'none')
			.map((edge): [string, ResolvedDependency] => [spec.name, edge]));

function act(unit: DependencyRestartsUnit, dependent: string, {onRestart}: ResolvedDependency): void {
	// A refusal (the unit is starting or stopping, the dependent is not running) leaves nothing to do.
	if (onRestart === 'restart') {
		unit.dispatch({type: 'restart', name: dependent}).catch(() => {});
	} else if (onRestart !== 'none') {
		unit.dispatch({type: 'signal', name: dependent, signal: onRestart.signal}).catch(() => {});
	}
}
