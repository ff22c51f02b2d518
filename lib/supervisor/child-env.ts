import {instanceEnv} from '../config/replicas.js';
import type {ReplicaGroups} from './replica-groups.js';
import type {Roster} from './roster.js';

// What a child learns of its unit at each spawn (docs/lifecycle.md, Start-up): its name, the supervisor, the control
// socket, main's pid once main runs, and an instance's place in its group (docs/config.md, Replicas).
export function childEnv(name: string, unit: {supervisorPid: number; socketPath: string; roster: Roster; groups: ReplicaGroups}): Record<string, string> {
	const mainPid = unit.roster.main.pid;
	const replica = unit.roster.get(name)?.spec.replica ?? null;
	return {
		SIDECAR_NAME: name,
		SIDECAR_SUPERVISOR_PID: String(unit.supervisorPid),
		SIDECAR_SOCKET: unit.socketPath,
		...(mainPid === null ? {} : {SIDECAR_MAIN_PID: String(mainPid)}),
		...(replica === null ? {} : instanceEnv(replica, unit.groups.desired(replica.group))),
	};
}
