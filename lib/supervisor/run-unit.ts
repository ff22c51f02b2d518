import {partitionStarted} from '../config/profiles.js';
import type {ResolvedConfig} from '../config/types.js';
import {SidecarError} from '../errors.js';
import type {UnitEvents} from '../events/unit-events.js';
import type {UnitMember} from '../process/unit-member.js';
import type {ExitInfo} from '../process/spawn.js';
import type {World} from '../process/world.js';
import {drainSidecar} from './drain.js';
import {interruptedExitCode, unitExitCode} from './exit-code.js';
import type {Roster} from './roster.js';
import {stopInOrder, type ShutdownOptions} from './shutdown.js';
import {runShutdownTasks} from './shutdown-tasks.js';
import {startGroup} from './startup.js';
import {untilDependencies, type GroupLookup} from './dependency-conditions.js';
import type {StopRequest, UnitEnding} from './unit-ending.js';
import type {UnitStateEvent} from './unit-states.js';

// What one run of the unit works with (Supervisor builds it).
export type RunningUnit = {
	roster: Roster;
	ending: UnitEnding;
	events: UnitEvents;
	// The config now (a reload may have changed the shutdown order).
	config: () => ResolvedConfig;
	start: (member: UnitMember) => void;
	enter: (event: UnitStateEvent) => void;
	// The unit's clock for start-up's and shutdown's waits, and its kill and /proc for drains.
	world: World;
	// The replicated sidecars, as dependencies and start-up see them (replica-groups.ts).
	groups: GroupLookup;
};

// The unit's life (docs/lifecycle.md): the `before` sidecars, gated on their dependencies and readiness; main, once its
// own dependsOn is met (none: once every `before` entry is ready), and the `after` sidecars once main is ready; then
// wait for main's exit (a restart of main is waited out) or a stop request; then shutdown: main, the shutdown tasks,
// the sidecars. Resolves with the unit's exit code; a failed start-up throws its error (exit 69) once everything that
// started has stopped.
export async function runUnit(unit: RunningUnit): Promise<number> {
	const {roster, ending, start, enter} = unit;
	const main = roster.main;
	const [started, held] = partitionStarted(roster.sidecars(), unit.config().profiles);
	for (const member of held) {
		void member.hold(); // Declared, not started: `stopped` until `sidecar start NAME` (nothing runs, so it holds at once).
	}

	// A scheduled task runs at its firings, not with the unit, unless runOnStart is 'gate' (docs/schedules.md).
	const sidecars = started.filter(({spec}) => !waitsForFiring(spec));
	for (const member of started.filter(({spec}) => waitsForFiring(spec))) {
		member.schedule();
	}

	const lookup = (name: string) => roster.get(name);
	const startup = new AbortController();
	const mainGate = main.spec.dependsOn.length === 0 ? null : untilDependencies(main, lookup, unit.groups);
	const before = startGroup(sidecars.filter(({spec}) => spec.start === 'before'), lookup, start, startup.signal, unit.world.sleep, taskMustSucceed(main, sidecars), unit.groups);
	// A 'before' entry that fails before main starts fails start-up, even one main does not wait for.
	const failed = before.then(async () => new Promise<never>(() => {}), (error: unknown) => error);
	const failure = await Promise.race([(mainGate ?? before).then(() => null, (error: unknown) => error), failed, ending.requested]);
	if (failure !== null) {
		startup.abort();
		enter('stop');
		await stopInOrder(main, roster.started(), shutdownOptions(unit));
		if (failure instanceof SidecarError) {
			throw failure; // Printed once by the CLI, after everything that started is stopped.
		}

		return stoppedCode(failure as StopRequest, null);
	}

	start(main);
	enter('mainStarted');
	const after = new AbortController();
	void main.untilReady().then(async () => {
		// One an operator stopped while main was getting ready (`sidecar stop NAME`) stays stopped.
		await startGroup(sidecars.filter(({spec, state}) => spec.start === 'after' && state !== 'stopped'), lookup, start, after.signal, unit.world.sleep, undefined, unit.groups);
	}).catch(() => {}); // Main exited before it was ready, or an 'after' sidecar never became ready: logged already.
	const stopped = ending.requested.then(() => null);
	let mainExit = await Promise.race([main.untilExit(), stopped]);
	while (mainExit !== null && ending.mainRestart !== null) {
		// A stop requested meanwhile is not held until the new main is ready: shutdown stops it where it stands.
		await Promise.race([ending.mainRestart, stopped]);
		mainExit = ending.request === null ? await Promise.race([main.untilExit(), stopped]) : null;
	}

	after.abort();
	startup.abort(); // 'before' entries main did not wait for may still have been starting.
	enter('stop');
	const shutdownTasks = partitionStarted(roster.sidecars(), unit.config().profiles)[0].filter(({spec}) => spec.start === 'shutdown');
	await stopInOrder(main, roster.started(), {...shutdownOptions(unit), afterMain: async () => runShutdownTasks(shutdownTasks, start, unit.events, unit.world.sleep)});
	return mainExit === null ? stoppedCode(ending.request!, main.lastExit) : unitExitCode(mainExit);
}

const waitsForFiring = ({run, schedule}: UnitMember['spec']): boolean => run === 'once' && schedule !== null && schedule.runOnStart !== 'gate';

// Main with no dependsOn of its own waits for every 'before' entry to be ready (docs/lifecycle.md): a 'before' task must
// then succeed, unless an edge of another 'before' entry accepts its failure ('completed') or reports it itself (a
// 'ready' or 'succeeded' edge, named in its message). With dependsOn of its own, main's edges decide.
function taskMustSucceed(main: UnitMember, sidecars: readonly UnitMember[]): (member: UnitMember) => boolean {
	const edges = sidecars.filter(({spec}) => spec.start === 'before').flatMap(({spec}) => spec.dependsOn);
	const excused = new Set(edges.filter(({condition}) => condition !== 'started').map(({name}) => name));
	return member => main.spec.dependsOn.length === 0 && !excused.has(member.name);
}

// How the sidecars stop (docs/lifecycle.md, Shutdown): in order or in parallel, each after its drain.
const shutdownOptions = ({config, events, world}: RunningUnit): ShutdownOptions =>
	({order: config().shutdown, beforeStop: async member => drainSidecar(member, events, world)});

// A requested stop: its own code (`sidecar stop` 0, a failure 70), else main's exit, else how it was interrupted.
const stoppedCode = (request: StopRequest, mainExit: ExitInfo | null): number =>
	request.exitCode ?? (mainExit === null ? interruptedExitCode(request.signal) : unitExitCode(mainExit));
