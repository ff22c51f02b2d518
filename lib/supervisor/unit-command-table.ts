import {EXIT, SidecarError} from '../errors.js';
import type {ProcessView} from '../process/unit-member.js';
import {COMMAND_VERBS, type CommandType, type UnitCommand} from './unit-commands.js';
import type {UnitState} from './unit-states.js';

// unit state × command, as s6-supervise's actions[state][event]: true where the unit accepts the command. Control
// requests (restart, stop and start of one process, signal, reload) wait until main has started and stop once a stop
// begins; what keeps the unit safe (a memory limit's recycle or stop, forwarded signals, a stop) works from the start;
// nothing restarts once shutdown begins (docs/restarts.md), so a recycle is refused then.
export const allowed: Record<UnitState, Partial<Record<CommandType, true>>> = {
	starting: {recycle: true, 'stop-failing': true, forward: true, 'stop-unit': true},
	running: {
		restart: true, recycle: true, 'stop-failing': true, 'stop-process': true, 'start-process': true, signal: true, forward: true,
		'stop-unit': true, reload: true, scale: true, 'run-now': true, pause: true, resume: true,
	},
	// A second stop-unit is accepted: it ends at once, or kills every tree when an operator's signal insists.
	stopping: {'stop-failing': true, forward: true, 'stop-unit': true},
	stopped: {},
};

const STATE_WORDS: Record<UnitState, string> = {starting: 'still starting', running: 'running', stopping: 'stopping', stopped: 'stopped'};

// What the guards read of the unit.
export type CommandSubject = {
	readonly name: string;
	// A stop requested while the unit is still running counts as stopping.
	readonly state: UnitState;
	// Started from a config it can re-read (`sidecar run`; not a unit built in code).
	readonly canReload: boolean;
	processes: () => readonly ProcessView[];
	// The replicated sidecars' names: a restart, signal, stop or start of one acts on its instances.
	groups: () => readonly string[];
};

// The commands a group's name may take; the handlers check its instances' states.
const GROUP_COMMANDS: ReadonlySet<CommandType> = new Set(['restart', 'signal', 'stop-process', 'start-process', 'scale']);

// Why the unit cannot take `command` now, or null: the name, then the table, then the process's own state.
export function refuseCommand(command: UnitCommand, unit: CommandSubject): SidecarError | null {
	const verb = COMMAND_VERBS[command.type];
	if (command.type === 'reload' && !unit.canReload) {
		return new SidecarError(`unable to reload unit "${unit.name}": it was not started from a config`, EXIT.unavailable);
	}

	const name = 'name' in command ? command.name : null;
	const member = name === null ? undefined : unit.processes().find(each => each.name === name);
	const isGroup = name !== null && member === undefined && unit.groups().includes(name) && GROUP_COMMANDS.has(command.type);
	if (name !== null && member === undefined && !isGroup) {
		const names = [...unit.groups(), ...unit.processes().map(each => each.name)].join(', ');
		return new SidecarError(`unable to ${verb} ${name}: no such process in unit "${unit.name}" (${names})`, EXIT.usage);
	}

	if (command.type === 'scale' && !isGroup) {
		const groups = unit.groups().join(', ') || 'none';
		return new SidecarError(`unable to scale ${name}: it is not a replicated sidecar (replicated sidecars: ${groups}; set replicas in its config)`, EXIT.usage);
	}

	if (member?.spec.kind === 'main' && (command.type === 'stop-process' || command.type === 'start-process')) {
		// Main's life is the unit's (docs/control.md): it is never held down while the unit runs on.
		const why = command.type === 'stop-process' ? 'its stop is the unit\'s (`sidecar stop` with no name)' : 'it runs for as long as the unit does';
		return new SidecarError(`unable to ${verb} main: ${why}`, EXIT.usage);
	}

	if (allowed[unit.state][command.type] !== true) {
		const object = name === null || name === 'main' ? `unit "${unit.name}"` : name;
		return new SidecarError(`unable to ${verb} ${object}: the unit is ${STATE_WORDS[unit.state]}`, EXIT.unavailable);
	}

	const why = member === undefined ? null : processRefusal(command.type, member);
	return why === null ? null : new SidecarError(`unable to ${verb} ${name}: ${why.reason}`, why.exitCode);
}

// The process's own guards, read from its view: a signal needs a pid; a recycle a spawn that runs and is not stopping
// (ManagedProcess.recycle checks the same, with its intent); a start a process that is down; neither a stop nor a start
// of a shutdown task, which runs only at the unit's stop.
function processRefusal(type: CommandType, {pid, state, spec}: ProcessView): {reason: string; exitCode: number} | null {
	if (type === 'signal' && pid === null) {
		return {reason: 'it is not running', exitCode: EXIT.failure};
	}

	if (type === 'recycle' && (pid === null || pid <= 0 || !['starting', 'ready', 'not-ready', 'running'].includes(state))) {
		return {reason: `it is ${state}, not running`, exitCode: EXIT.unavailable};
	}

	if ((type === 'start-process' || type === 'stop-process') && spec.start === 'shutdown') {
		return {reason: 'a shutdown task runs only at the unit\'s stop', exitCode: EXIT.unavailable};
	}

	if ((type === 'run-now' || type === 'pause' || type === 'resume') && spec.schedule === null) {
		return {reason: 'it has no schedule (docs/schedules.md)', exitCode: EXIT.usage};
	}

	if (type === 'start-process' && !['exited', 'fatal', 'stopped'].includes(state)) {
		return {reason: `it is ${state} (only a process that is down can be started)`, exitCode: EXIT.unavailable};
	}

	return null;
}
