import {missingTreeHelpers} from '../process/helper-programs.js';
import {OrphanGuard} from './orphan-guard.js';
import type {ParentDeath} from './pdeathsig.js';
import type {SpawnChild} from '../process/spawn.js';
import type {AddOn} from '../supervisor/add-on.js';

// No process outlives the supervisor (docs/host.md): ends what a SIGKILLed predecessor left, then guards every spawn.
// `parentDeath`: the setpriv probe, if the caller started it early.
export function orphanGuardAddOn(socketPath: string, parentDeath?: Promise<ParentDeath>): AddOn {
	let guard: OrphanGuard | null = null;
	return {
		name: 'orphan guard',
		async attach(unit) {
			guard = await OrphanGuard.open({socketPath, parentDeath, marker: [`SIDECAR_SUPERVISOR_PID=${unit.pid}`, `SIDECAR_SOCKET=${socketPath}`]});
			if (guard.ended.length > 0) {
				unit.events.report({event: 'leftovers', name: unit.name, ended: [...guard.ended], reason: 'left running by a supervisor that was killed'});
			}

			// Once, at start: a missing helper program costs a guarantee (docs/host.md), never the unit.
			for (const {program, lost, reason} of [...guard.missing, ...missingTreeHelpers()]) {
				unit.events.report({event: 'helper-missing', name: unit.name, program, lost, reason});
			}

			return () => guard?.close();
		},
		wrapSpawn: (spawn: SpawnChild) => guard === null ? spawn : guard.wrap(spawn),
	};
}
