import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import type {UnitEventsReader} from '../events/unit-events.js';
import type {ProcessView} from '../process/unit-member.js';
import type {SpawnChild} from '../process/spawn.js';
import type {World} from '../process/world.js';
import type {SuspendNotice} from '../suspend-clock.js';
import type {ProcessUsage, UnitSnapshot} from './snapshot.js';
import type {CommandResult, UnitCommand} from './unit-commands.js';
import type {UnitState} from './unit-states.js';

// What an add-on sees of the unit and may ask of it: read-only views, and `dispatch` for every change.
export type UnitHandle = {
	readonly name: string;
	readonly pid: number;
	readonly config: ResolvedConfig;
	readonly state: UnitState;
	// Read both channels; report the add-on's own lifecycle events (publishing a child's lines is the unit's alone).
	readonly events: UnitEventsReader;
	// The unit's clock (`sidecar run`'s World; a fake one in tests): a trigger waits on it, so a schedule does not count
	// time suspended and is tested in process (docs/architecture.md, A trigger).
	readonly clock: Pick<World, 'now' | 'sleep'>;
	// The unit's suspensions (Ctrl-Z; docs/lifecycle.md, Job control), when it has job control.
	readonly suspension?: SuspendNotice;
	// Resolves with the exit code once the unit has stopped.
	readonly finished: Promise<number>;
	processes: () => readonly ProcessView[];
	process: (name: string) => ProcessView | undefined;
	snapshot: () => UnitSnapshot;
	// The one door for changes (unit-commands.ts): resolves with the command's result, rejects with a SidecarError
	// when the unit refuses it (unit-command-table.ts).
	dispatch: <C extends UnitCommand>(command: C) => Promise<CommandResult<C>>;
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
