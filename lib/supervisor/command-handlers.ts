import type {ConfigDiff} from '../config/diff.js';
import type {UnitEvents} from '../events/unit-events.js';
import {EXIT, SidecarError} from '../errors.js';
import {holdGroup, restartGroup, signalInstances, startDownInstances, type GroupCommandHost} from './group-commands.js';
import type {Roster} from './roster.js';
import {scaleGroup, type ScaleHost} from './scale-group.js';
import type {ScheduleControls} from './schedules.js';
import type {CommandResults, CommandType, UnitCommand} from './unit-commands.js';
import type {UnitEnding} from './unit-ending.js';

// What the handlers act on (Supervisor builds it). Every command reaching them passed unit-command-table.ts.
export type CommandHost = {
	readonly name: string;
	readonly roster: Roster;
	readonly events: UnitEvents;
	readonly ending: UnitEnding;
	// Re-reads the config and applies the difference (supervisor/reload.ts).
	reload: () => Promise<ConfigDiff>;
	// The schedules' triggers (supervisor/schedules.ts).
	schedules: ScheduleControls;
} & GroupCommandHost & ScaleHost;

type Handlers = {[T in CommandType]: (command: Extract<UnitCommand, {type: T}>, host: CommandHost) => Promise<CommandResults[T]>};

// One handler per command; `host.roster.get(name)` exists, as the table checked the name, unless it names a replicated
// sidecar's group (supervisor/group-commands.ts).
export const commandHandlers: Handlers = {
	// Nothing else in the unit is touched. Main's exit during its restart does not end the unit (run-unit.ts). With
	// `overlap`, a ready long-running process's next spawn starts before it stops (docs/sockets.md, Restarts); a task,
	// or a process not ready, restarts plainly.
	async restart({name, cause, parallel, overlap}, host) {
		const {roster, ending} = host;
		const member = roster.get(name);
		if (member === undefined) {
			return {pid: null, instances: await restartGroup(name, parallel === true, host)};
		}

		const restart = (async () => {
			if (overlap === true && member.overlap !== undefined && member.ready && member.spec.run !== 'once') {
				await member.overlap();
				return;
			}

			await member.stop(cause);
			await host.startMembers([member]);
		})();
		const tracked = member === roster.main ? restart.catch(() => {}) : null;
		ending.mainRestart = tracked ?? ending.mainRestart;
		try {
			await restart;
		} finally {
			if (tracked !== null && ending.mainRestart === tracked) {
				ending.mainRestart = null;
			}
		}

		return {pid: member.pid};
	},

	async recycle({name, reason, cause}, {roster}) {
		const member = roster.get(name)!;
		const pid = member.pid!;
		await member.recycle(reason, cause);
		return {pid};
	},

	async 'stop-failing'({name, cause}, {roster}) {
		const member = roster.get(name)!;
		await member.stop(cause);
		return {exit: member.lastExit};
	},

	async 'stop-process'({name}, host) {
		const member = host.roster.get(name);
		if (member === undefined) {
			await holdGroup(name, host);
			return {pid: null, exit: null};
		}

		const pid = member.pid;
		await member.hold();
		return {pid, exit: pid === null ? null : member.lastExit};
	},

	// A dependency held stopped would never become ready: refused at once rather than waited on.
	async 'start-process'({name}, host) {
		const {roster, groups} = host;
		const member = roster.get(name);
		if (member === undefined) {
			await startDownInstances(name, host);
			return {pid: null};
		}

		// A group depended on is held when every instance is.
		const isHeld = (dependency: string): boolean => roster.get(dependency)?.state === 'stopped'
			|| (groups.spec(dependency) !== undefined && groups.instances(dependency).every(instance => instance.state === 'stopped'));
		const held = member.spec.dependsOn.find(edge => isHeld(edge.name))?.name;
		if (held !== undefined) {
			throw new SidecarError(`unable to start ${name}: it depends on ${held}, which is stopped (\`sidecar start ${held}\` first)`, EXIT.unavailable);
		}

		await host.startMembers([member]);
		return {pid: member.pid};
	},

	async signal({name, signal}, host) {
		const member = host.roster.get(name);
		if (member === undefined) {
			return signalInstances(name, signal, host);
		}

		const pid = member.pid!; // Every child leads its own process group (process/spawn.ts).
		if (host.world.kill(-pid, signal) === false) {
			throw new SidecarError(`unable to signal ${name}: it is not running`, EXIT.failure); // Gone since the table saw its pid.
		}

		return {pid};
	},

	// Each process itself gets the signal; its own handler decides about its children. A group's name: its instances.
	async forward({signal, targets}, {roster, groups, world}) {
		const members = targets.flatMap(name => roster.get(name) ?? groups.instances(name));
		const pids = members.map(member => member.pid).filter((pid): pid is number => pid !== null && pid > 0);
		for (const pid of pids) {
			world.kill(pid, signal);
		}

		return {pids};
	},

	// Main first, then the sidecars (run-unit.ts). A second TERM/INT/QUIT while stopping: the operator insists, so
	// every tree is SIGKILLed at once.
	async 'stop-unit'({reason, exitCode, signal}, {name, roster, events, ending}) {
		if (ending.begin({reason, exitCode, signal})) {
			events.publish({event: 'stopping', name, reason});
			return {began: true};
		}

		if (signal !== undefined) {
			events.publish({event: 'killing', name, reason: `received ${signal} again`});
			for (const member of roster.all()) {
				void member.kill();
			}
		}

		return {began: false};
	},

	async reload(_command, {reload}) {
		return {plan: await reload()};
	},

	async scale({name, count}, host) {
		const from = host.groups.desired(name);
		return {from, to: count, ...await scaleGroup(host, name, count)};
	},

	async 'run-now'({name}, {schedules}) {
		return schedules.runNow(name);
	},

	async pause({name}, {schedules}) {
		return {changed: schedules.pause(name, true)};
	},

	async resume({name}, {schedules}) {
		return {changed: schedules.pause(name, false)};
	},
};
