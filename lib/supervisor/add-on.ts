import type {ConfigDiff} from '../config/diff.js';
import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import type {UnitEvents} from '../events/unit-events.js';
import type {ProcessView} from '../process/managed-process.js';
import type {StoppedFor} from '../process/restart-policy.js';
import type {SpawnChild} from '../process/spawn.js';
import type {SuspendNotice} from '../suspend-clock.js';
import type {ProcessUsage, UnitSnapshot} from './snapshot.js';
import type {UnitState} from './unit-states.js';

// What an add-on sees of the unit and may ask of it. Read-only views; every change goes through a method.
export type UnitHandle = {
	readonly name: string;
	readonly pid: number;
	readonly config: ResolvedConfig;
	readonly state: UnitState;
	readonly events: UnitEvents;
	// The unit's suspensions (Ctrl-Z; docs/lifecycle.md, Job control), when it has job control.
	readonly suspension?: SuspendNotice;
	// Resolves with the exit code once the unit has stopped.
	readonly finished: Promise<number>;
	processes: () => readonly ProcessView[];
	process: (name: string) => ProcessView | undefined;
	snapshot: () => UnitSnapshot;
	// `cause`: the restart is for a failure (main's liveness), so the stop's exit counts as one.
	restartProcess: (name: string, cause?: StoppedFor) => Promise<void>;
	// Stops the running spawn and lets its restart policy decide, as for a crash (a memory limit's `restart`).
	recycleProcess: (name: string, reason: string, cause: StoppedFor) => Promise<void>;
	// Stops one process for good (a memory limit's `stop`, with its cause).
	stopProcess: (name: string, cause?: StoppedFor) => Promise<void>;
	signalProcess: (name: string, signal: NodeJS.Signals) => number;
	requestStop: (request: {reason: string}) => void;
	// Re-reads the config the unit was started from and applies the difference.
	reload: () => Promise<ConfigDiff>;
};

// A function an add-on returns from attach(), awaited once the unit has stopped.
export type Detach = () => Promise<void> | void;

// One concern attached to a unit on a host: the control socket, metrics, limits, the orphan guard, log files,
// systemd notify (the list is in lib/cli/unit-add-ons.ts; docs/architecture.md). Every hook but attach is optional.
export type AddOn = {
	readonly name: string;
	// Called before any process starts, the first add-on alone, then the others together; a throw refuses the start
	// (a twin's control socket).
	attach: (unit: UnitHandle, signal: AbortSignal) => Promise<Detach | void>;
	// Wraps how children are spawned (the orphan guard's parent-death prefix, the cgroup prelude of limits).
	wrapSpawn?: (spawn: SpawnChild) => SpawnChild;
	// Readies what these processes need before they start: at start-up, and for processes a reload adds.
	prepare?: (specs: readonly ResolvedProcess[]) => Promise<void>;
	// cpu, memory and enforcement of one process for status, top and metrics (undefined: no opinion).
	usage?: (name: string) => ProcessUsage | undefined;
};
