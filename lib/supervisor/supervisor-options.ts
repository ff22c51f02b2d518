import type {ResolvedConfig} from '../config/types.js';
import type {UnitEvents} from '../events/unit-events.js';
import type {World} from '../process/world.js';
import type {SuspendClock} from '../suspend-clock.js';
import type {AddOn} from './add-on.js';
import type {ScheduleStoreChoice} from './schedules.js';

// What the unit is given: its world (the OS and the clock: process/world.ts), its event stream and its add-ons.
export type SupervisorOptions = {
	world: World;
	events: UnitEvents;
	pid: number;
	// SIDECAR_SOCKET, handed to every child.
	socketPath: string;
	addOns?: readonly AddOn[];
	// Re-reads the config the unit was started with (same file and command-line overrides), for `sidecar reload`.
	reloadConfig?: () => Promise<ResolvedConfig>;
	// Main runs in the terminal's foreground group (spawn.ts): Ctrl-C is then main's (unit-signals.ts).
	interactiveMain?: boolean;
	// Ctrl-Z and SIGCONT suspend and resume the unit, on this clock (`now` and `sleep` are its); none in tests.
	jobControl?: {clock: SuspendClock; stopSelf: () => void; suspendOn?: readonly NodeJS.Signals[]};
	// A line on stderr (a signal ignored).
	warn?: (line: string) => void;
	// Where schedules keep their last firings for catch-up: a file (default: schedule-store.ts's choice) or a store.
	scheduleStore?: ScheduleStoreChoice;
	// The jitter of schedules (Math.random by default).
	random?: () => number;
};
