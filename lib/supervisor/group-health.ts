import {EXIT} from '../errors.js';
import type {UnitEventsReader} from '../events/unit-events.js';
import type {UnitHandle} from './add-on.js';
import type {GroupState} from './group-state.js';
import type {ReplicaGroups} from './replica-groups.js';

// What the trigger reads of the unit and may ask of it.
export type GroupHealthUnit = Pick<UnitHandle, 'state' | 'dispatch'>;

// A trigger (docs/architecture.md, A trigger) for replicated sidecars (docs/config.md, Replicas): once the unit runs,
// each change of a group's state is an event (`degraded`, `recovered`, `degraded` with `fatal`), and a critical group
// going fatal ends the unit with 70, as a critical sidecar does. Start-up judges the groups by minReady itself.
export function watchGroupHealth(unit: GroupHealthUnit, groups: ReplicaGroups, events: UnitEventsReader, signal: AbortSignal): void {
	const last = new Map<string, GroupState>();
	const check = (name: string): void => {
		if (unit.state !== 'running') {
			return; // Start-up judges a group by minReady itself; the first change after it compares with 'running'.
		}

		const view = groups.view(name);
		const before = last.get(name) ?? 'running';
		last.set(name, view.state);
		if (view.state === before) {
			return;
		}

		const counts = {ready: view.ready, desired: view.desired};
		if (view.state === 'running') {
			events.report({event: 'recovered', name, ...counts});
		} else {
			events.report({event: 'degraded', name, ...counts, ...(view.state === 'fatal' ? {fatal: true as const} : {})});
		}

		if (view.state === 'fatal' && groups.spec(name)!.critical) {
			void unit.dispatch({type: 'stop-unit', reason: `critical sidecar ${name} is fatal (${view.possible} of ${view.needed} needed instances can be ready)`, exitCode: EXIT.software}).catch(() => {});
		}
	};

	events.on('state', ({name}) => {
		const group = groups.groupOf(name);
		if (group !== undefined) {
			check(group);
		}
	}, signal);
	events.on('scale', ({name}) => {
		check(name);
	}, signal);
}
