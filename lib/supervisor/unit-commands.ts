import type {ConfigDiff} from '../config/diff.js';
import type {StoppedFor} from '../process/restart-policy.js';
import type {ExitInfo} from '../process/spawn.js';

// Everything anyone may ask of a unit (an operator's signal, a control request, a memory limit, main's liveness, a
// critical sidecar going fatal), as s6-supervise turns every input into one event of one table. Each is checked
// against lib/supervisor/unit-command-table.ts, then handled in lib/supervisor/command-handlers.ts.
// More come here as members of the union (`{type: 'run-now'; name}`), each with a column in the table, a
// `CommandResults` entry and a case in the handlers (docs/architecture.md, A unit command). A command naming a
// replicated sidecar's group acts on its instances (docs/control.md, Replicas).

export type UnitCommand =
	// Stop one process and start it again, gated on its readiness. `cause`: the stop is for a failure (main's liveness).
	// A group: its instances one at a time, each ready before the next, or all at once with `parallel`.
	| {type: 'restart'; name: string; cause?: StoppedFor; parallel?: boolean; overlap?: boolean}
	// Stop the running spawn and let its restart policy decide, as for a crash (a memory limit's `restart`).
	| {type: 'recycle'; name: string; reason: string; cause: StoppedFor}
	// Stop one process for a failure and keep it down (a memory limit's `stop`): its exit counts as that failure.
	| {type: 'stop-failing'; name: string; cause: StoppedFor}
	// An operator's stop of one sidecar (`sidecar stop NAME`): held down in state `stopped` until start-process; no
	// restart policy, liveness or watchdog acts on it meanwhile (docs/control.md).
	| {type: 'stop-process'; name: string}
	// Start a sidecar that is down (stopped, not started, exited or fatal) again, gated on its readiness.
	| {type: 'start-process'; name: string}
	// `signal` to the process group of one process (`sidecar signal NAME SIGNAL`).
	| {type: 'signal'; name: string; signal: NodeJS.Signals}
	// `signal` to each named process itself (the `signals` table).
	| {type: 'forward'; signal: NodeJS.Signals; targets: readonly string[]}
	// Graceful shutdown of the whole unit. With `signal` (an operator's TERM/INT/QUIT), a second one kills every tree.
	| {type: 'stop-unit'; reason: string; exitCode?: number; signal?: NodeJS.Signals}
	// Re-read the config the unit was started from and apply the difference.
	| {type: 'reload'}
	// Run `count` instances of a replicated sidecar (`sidecar scale NAME N`); 0 allowed.
	| {type: 'scale'; name: string; count: number}
	// Fire a process's schedule now, under its overlap policy (`sidecar run-now NAME`; docs/schedules.md).
	| {type: 'run-now'; name: string}
	// Skip a process's firings until resumed (`sidecar pause NAME`, `sidecar resume NAME`); run-now still runs it.
	| {type: 'pause'; name: string}
	| {type: 'resume'; name: string};

export type CommandType = UnitCommand['type'];

// What each command answers, so a caller needs no second lookup.
export type CommandResults = {
	// The pid of the new spawn (null for a task that has completed already).
	restart: {pid: number | null; instances?: Array<{name: string; pid: number | null}>};
	// The pid of the spawn that was stopped.
	recycle: {pid: number};
	// How the process ended (null: nothing was running).
	'stop-failing': {exit: ExitInfo | null};
	// The spawn that was stopped and how it ended (both null: nothing was running, it is held as it was).
	'stop-process': {pid: number | null; exit: ExitInfo | null};
	'start-process': {pid: number | null};
	// A group: the first instance's pid, and every pid signalled.
	signal: {pid: number; pids?: number[]};
	// The pids the signal was sent to (targets not running are skipped).
	forward: {pids: number[]};
	// False when a stop had begun already (a second TERM/INT/QUIT then kills every tree).
	'stop-unit': {began: boolean};
	reload: {plan: ConfigDiff};
	// The count before and after, and the instances started and stopped.
	scale: {from: number; to: number; started: string[]; stopped: string[]};
	// Started, queued behind the run in progress, replaced it, or skipped (and why).
	'run-now': {outcome: 'started' | 'queued' | 'replaced' | 'skipped'; reason?: string};
	// False when it was paused (or running) already.
	pause: {changed: boolean};
	resume: {changed: boolean};
};

export type CommandResult<C extends UnitCommand = UnitCommand> = CommandResults[C['type']];

// The verb of each command in its refusal (`unable to restart web: …`).
export const COMMAND_VERBS: Record<CommandType, string> = {
	restart: 'restart',
	recycle: 'recycle',
	'stop-failing': 'stop',
	'stop-process': 'stop',
	'start-process': 'start',
	signal: 'signal',
	forward: 'forward a signal to',
	'stop-unit': 'stop',
	reload: 'reload',
	scale: 'scale',
	'run-now': 'run',
	pause: 'pause',
	resume: 'resume',
};
