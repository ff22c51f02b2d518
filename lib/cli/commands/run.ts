import {isatty} from 'node:tty';
import {findSocket} from '../../control/socket-path.js';
import {EXIT, SidecarError} from '../../errors.js';
import {UnitEvents} from '../../events/unit-events.js';
import {findParentDeathPrefix} from '../../host/pdeathsig.js';
import {printToConsole} from '../../logs/console.js';
import {openStdout, OutputSink} from '../../logs/sink.js';
import {procRoot} from '../../proc/proc-table.js';
import {readsTerminal, spawnChild} from '../../process/spawn.js';
import {checkIdentities} from '../../process/users.js';
import type {World} from '../../process/world.js';
import {suspendSignals} from '../../signals/job-control.js';
import {realKill, trySignal} from '../../signals/send.js';
import {SuspendClock} from '../../suspend-clock.js';
import {Supervisor} from '../../supervisor/supervisor.js';
import type {WatchMode} from '../../supervisor/watches.js';
import {realSleep} from '../../world.js';
import {parseCommand, parseEnvPairs, splitAtDashes} from '../args.js';
import {readConfig} from '../config-input.js';
import {printError} from '../print.js';
import type {ProcfileValues} from '../procfile-run.js';
import {unitAddOns} from '../unit-add-ons.js';

// Never let SIGUSR1 open Node's inspector, not even while the config loads (signal listeners do not keep Node alive).
const ignore = () => {};

// --watch runs every watch, --no-watch none, neither those with when: 'always' (docs/watch.md).
function watchMode(watch: boolean, noWatch: boolean): WatchMode {
	if (watch && noWatch) {
		throw new SidecarError('sidecar run: --watch and --no-watch cannot be given together', EXIT.usage);
	}

	return watch ? 'dev' : (noWatch ? 'off' : 'always');
}

// `sidecar run`: load the config (`-- CMD` replaces main.command), run the unit, return its exit code.
export async function run(args: string[]): Promise<number> {
	process.on('SIGUSR1', ignore);
	// `--procfile` (lib/cli/procfile-run.ts) loads only when given: a plain `sidecar run` pays nothing for it.
	const procfileRun = splitAtDashes(args)[0].some(arg => arg === '--procfile' || arg.startsWith('--procfile=')) ? await import('../procfile-run.js') : undefined;
	const {values, command} = parseCommand('run', procfileRun?.procfileArgs(args) ?? args);
	const watch = watchMode(values.watch === true, values['no-watch'] === true);
	// The setpriv probe (a fork and two execs) needs nothing from the config: it runs while the config loads.
	const parentDeath = findParentDeathPrefix();
	const cwd = process.cwd();
	const overrides = {command, name: values.name as string | undefined, logFormat: values['log-format'] as string | undefined, env: parseEnvPairs('run', (values.env ?? []) as string[]), profiles: (values.profile ?? []) as string[]};
	// `--procfile`: a Procfile run as foreman runs it, instead of a config (lib/cli/procfile-run.ts).
	const procfile = procfileRun === undefined ? undefined : {run: procfileRun, values: values as ProcfileValues};
	procfile?.run.checkProcfileRun(procfile.values, command);
	const load = async () => (procfile === undefined ? readConfig(values.config as string | undefined, cwd, overrides) : procfile.run.readProcfileConfig(procfile.values, cwd, overrides.env));
	const config = await load();
	checkIdentities([config.main, ...config.sidecars]); // Every user and group exists, before anything starts.
	const events = new UnitEvents();
	const sink = new OutputSink(openStdout());
	const stopPrinting = printToConsole(events, sink, {...config.logs, names: ['main', ...config.sidecars.map(({name}) => name)]});
	const {socket, notice} = findSocket(config.name);
	if (notice !== null) {
		printError(`warning: ${notice}`);
	}

	// A 0 ms wait (zero backoff) takes no timer (suspend-clock.ts): even a 0 ms timeout waits for the next timers phase.
	const clock = new SuspendClock(Date.now, realSleep);
	// The unit's one world (docs/architecture.md, One world): every timer of the unit runs on this clock.
	const world: World = {now: clock.now, sleep: clock.sleep, spawn: spawnChild, kill: realKill, signals: process, procTable: procRoot()};
	const supervisor = new Supervisor(config, {
		world,
		events,
		pid: process.pid,
		socketPath: socket,
		jobControl: {clock, stopSelf: () => trySignal(process.pid, 'SIGSTOP'), suspendOn: suspendSignals(isatty(1) || isatty(2))},
		interactiveMain: readsTerminal(config.main) && isatty(0),
		warn: printError,
		addOns: await unitAddOns(config, socket, parentDeath),
		// `sidecar reload` reads the same file with the same overrides.
		reloadConfig: load,
		watch: {mode: watch},
	});
	if (procfile !== undefined && procfile.values.restart !== true) {
		procfile.run.stopOnAnyExit(config, events, async command => supervisor.dispatch(command));
	}

	try {
		return await supervisor.run();
	} finally {
		stopPrinting();
		await sink.flushed(); // The last lines (`stopped`) are on fd 1 before the command returns and the process exits.
	}
}
