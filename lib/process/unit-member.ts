import type {ResolvedProcess} from '../config/types.js';
import type {UnitEvents} from '../events/unit-events.js';
import type {SuspendNotice} from '../suspend-clock.js';
import type {StoppedFor} from './restart-policy.js';
import type {ExitInfo} from './spawn.js';
import type {ProcessState} from './states.js';
import type {SubtreeReader} from '../proc/subtree-reader.js';
import type {World} from './world.js';

// What a process needs from the unit around it: injected, so tests can drive it with a fake spawn and clock.
// Its view of the unit's world: spawn, the clock, and the signals and /proc its stop uses (process/stop.ts).
export type ProcessHost = Pick<World, 'spawn' | 'now' | 'sleep' | 'kill' | 'procTable'> & {
	events: UnitEvents;
	// The unit's reader of one process's tree, for a stop's strays (proc/subtree-reader.ts); all of /proc without it.
	subtrees?: SubtreeReader;
	// SIDECAR_* variables, read at each spawn (SIDECAR_MAIN_PID appears once main runs).
	env: (name: string) => Record<string, string>;
	// The backoff's jitter (Math.random in production).
	random: () => number;
	// The unit's suspensions (Ctrl-Z): probe checks that straddle one are discarded (readiness/discard-straddling.ts).
	suspension?: SuspendNotice;
};

// What everything outside the process may read of it.
export type ProcessView = {
	readonly name: string;
	readonly spec: ResolvedProcess;
	readonly state: ProcessState;
	readonly ready: boolean;
	readonly pid: number | null;
	readonly restarts: number;
	readonly startedAt: number | null;
	readonly lastExit: ExitInfo | null;
	// False while the liveness probe of this spawn is failing (main is only reported, never acted on).
	readonly healthy: boolean;
	// Why the latest readiness attempt failed (of this spawn or one before), for the start-up error (`status 500`).
	readonly probeFailure: string | null;
	// The last stderr lines of the running spawn, or of the last one once it exited (crash context, stderr-tail.ts).
	readonly stderrTail: readonly string[];
	// The stderr tail the last exit was reported with: empty after a success or a requested stop.
	readonly lastExitStderr: readonly string[];
	// What a gate in state `waiting` waits for (`tcp probe db.internal:5432`); null otherwise.
	readonly waitingFor: string | null;
};

// One member of the unit's roster, as start-up, shutdown, reload and the supervisor drive it: a process that runs a
// command (managed-process.ts) or an external gate that runs nothing (gate.ts).
export type UnitMember = ProcessView & {
	start(): void;
	// `restart --overlap` (docs/sockets.md): the next spawn replaces the running one once ready; a process that runs a
	// command has it (managed-process.ts), a gate does not.
	overlap?: () => Promise<void>;
	// Resolves once ready (probe passed, or alive 1 s); rejects with the reason when it can no longer get there.
	untilReady(): Promise<void>;
	// Resolves once `met()` holds; rejects with `unmet()`'s error once it is not null. Both are asked now and at each
	// change of state, so no state is missed (a dependency condition, supervisor/dependency-conditions.ts).
	untilState(met: () => boolean, unmet: () => Error | null): Promise<void>;
	// Resolves with the exit of the running child once it is fully handled (at once when none runs).
	untilExit(): Promise<ExitInfo | null>;
	// Stops it and keeps it down; with a `cause`, the exit counts as that failure (docs/restarts.md, Exit codes).
	stop(cause?: StoppedFor): Promise<void>;
	// An operator's stop (`sidecar stop NAME`), or a process not started with the unit: held down in state `stopped`
	// until start(); no restart policy or liveness acts on it.
	hold(): Promise<void>;
	// A scheduled task not started with the unit waits in state `scheduled` for its first firing (docs/schedules.md);
	// anything else ignores it.
	schedule(): void;
	// The unit is shutting down: no exit from now on is restarted.
	holdRestarts(cause?: StoppedFor): void;
	// Stops the running spawn for a failure and lets the restart policy decide, as for a crash.
	recycle(reason: string, as: StoppedFor): Promise<void>;
	// SIGKILL the whole tree now (a second Ctrl-C).
	kill(cause?: StoppedFor): Promise<void>;
};
