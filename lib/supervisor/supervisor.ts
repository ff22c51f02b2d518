import {setMaxListeners} from 'node:events';
import {appliedConfig, diffConfig, type ConfigDiff} from '../config/diff.js';
import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';
import type {UnitEvents} from '../events/unit-events.js';
import {ManagedProcess, type ProcessHost, type ProcessView} from '../process/managed-process.js';
import type {World} from '../process/world.js';
import type {StoppedFor} from '../process/restart-policy.js';
import {refuseUnstartable, type ExitInfo, type SpawnChild} from '../process/spawn.js';
import {sendToGroup, sendToProcesses} from '../signals/send.js';
import type {SuspendClock} from '../suspend-clock.js';
import type {AddOn, Detach, UnitHandle} from './add-on.js';
import {interruptedExitCode, unitExitCode} from './exit-code.js';
import {applyReload} from './reload.js';
import {Roster} from './roster.js';
import {drainSidecar} from './drain.js';
import {actOnMainLiveness} from './main-liveness.js';
import {stopInOrder, type ShutdownOptions} from './shutdown.js';
import {runShutdownTasks} from './shutdown-tasks.js';
import {followStatusTexts} from './status-texts.js';
import {startGroup} from './startup.js';
import {snapshotUnit, type UnitSnapshot} from './snapshot.js';
import {nextUnitState, type UnitState, type UnitStateEvent} from './unit-states.js';
import {routeUnitSignals} from './unit-signals.js';

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
};

type StopRequest = {reason: string; exitCode?: number; signal?: NodeJS.Signals};

// The unit: main and its sidecars with one shared lifecycle (docs/lifecycle.md). `run()` resolves with the exit code.
export class Supervisor implements UnitHandle {
	readonly events: UnitEvents;
	readonly finished: Promise<number>;
	#config: ResolvedConfig;
	#state: UnitState = 'starting';
	readonly #roster: Roster;
	readonly #life = new AbortController();
	readonly #addOns: readonly AddOn[];
	#spawn: SpawnChild;
	#stopRequest: StopRequest | null = null;
	#onStopRequest: (request: StopRequest) => void = () => {};
	#finish: (code: number) => void = () => {};
	// Set while `sidecar restart --main` runs: main's exit then does not end the unit.
	#mainRestart: Promise<unknown> | null = null;
	readonly #statusTexts: (name: string) => string | null;

	constructor(config: ResolvedConfig, private readonly options: SupervisorOptions) {
		this.#config = config;
		// Every add-on, process and timer of the unit hangs off this one signal, each with one listener removed when it
		// ends: more than ten at once is the design, not a leak (test/abort-scope.ts), so Node's heuristic is off for it.
		setMaxListeners(0, this.#life.signal);
		this.events = options.events;
		this.#addOns = options.addOns ?? [];
		this.#spawn = options.world.spawn;
		this.#roster = new Roster(this.#create(config.main), config.sidecars.map(spec => this.#create(spec)));
		this.finished = new Promise(resolve => {
			this.#finish = resolve;
		});
		this.#statusTexts = followStatusTexts(this.events, this.#life.signal);
	}

	get name(): string {
		return this.#config.name;
	}

	get pid(): number {
		return this.options.pid;
	}

	get config(): ResolvedConfig {
		return this.#config;
	}

	get state(): UnitState {
		return this.#state;
	}

	get suspension(): SuspendClock | undefined {
		return this.options.jobControl?.clock;
	}

	processes(): readonly ProcessView[] {
		return this.#roster.all();
	}

	process(name: string): ProcessView | undefined {
		return this.#roster.get(name);
	}

	async run(): Promise<number> {
		const stopped = new Promise<StopRequest>(resolve => {
			this.#onStopRequest = resolve;
		});
		routeUnitSignals(this.options.world.signals, {
			config: this.#config,
			mainHasTerminal: () => this.options.interactiveMain === true && this.#roster.main.pid !== null && this.#stopRequest === null,
			stop: signal => this.#stopOnSignal(signal),
			forward: (signal, targets) => this.forward(signal, targets),
			pids: () => this.#roster.all().map(({pid}) => pid),
			warn: this.options.warn ?? (() => {}),
		}, this.options.jobControl, this.#life.signal);
		actOnMainLiveness(this.#config.main, this, this.events, this.#life.signal);
		const detachers: Detach[] = [];
		try {
			// Before any process starts: the first (the control socket) alone, so a twin is refused while nothing runs and
			// before the orphan guard ends a twin's children as leftovers; the others alongside each other, as none waits
			// for another (docs/architecture.md, The add-on seam). Detached in reverse list order.
			const [first, ...others] = this.#addOns;
			const attached = first === undefined ? [] : [await first.attach(this, this.#life.signal)];
			const rest = await Promise.allSettled(others.map(async addOn => addOn.attach(this, this.#life.signal)));
			for (const outcome of rest) {
				attached.push(outcome.status === 'fulfilled' ? outcome.value : undefined);
			}

			detachers.push(...attached.filter(detach => detach !== undefined).reverse());
			const failed = rest.find(outcome => outcome.status === 'rejected');
			if (failed !== undefined) {
				throw failed.reason; // After every add-on that did attach is listed, so each detaches.
			}

			// Outermost: a command that cannot start is reported before any add-on puts a prelude in front of it.
			this.#spawn = refuseUnstartable(this.#addOns.reduce((spawn, addOn) => addOn.wrapSpawn?.(spawn) ?? spawn, this.options.world.spawn));
			await this.#prepare([this.#config.main, ...this.#config.sidecars]);
			const code = await this.#runUnit(stopped);
			this.#finish(code);
			return code;
		} finally {
			this.#enter('allStopped');
			this.#life.abort();
			for (const detach of detachers) {
				await detach();
			}
		}
	}

	// Stops one process and starts it again, gated on its readiness; nothing else in the unit is touched.
	async restartProcess(name: string, cause?: StoppedFor): Promise<void> {
		const member = this.#operable(name, 'restart');
		const restart = (async () => {
			await member.stop(cause);
			await startGroup([member], name => this.#roster.get(name), started => this.#start(started), this.#life.signal, this.options.world.sleep);
		})();
		if (member === this.#roster.main) {
			this.#mainRestart = restart.catch(() => {});
		}

		try {
			await restart;
		} finally {
			this.#mainRestart = null;
		}
	}

	async recycleProcess(name: string, reason: string, cause: StoppedFor): Promise<void> {
		await this.#roster.get(name)?.recycle(reason, cause);
	}

	async stopProcess(name: string, cause?: StoppedFor): Promise<void> {
		await this.#roster.get(name)?.stop(cause);
	}

	// Sends `signal` to the process group of one process (`sidecar signal NAME SIGNAL`); returns the pid.
	signalProcess(name: string, signal: NodeJS.Signals): number {
		const {pid} = this.#operable(name, 'signal');
		if (pid === null) {
			throw new SidecarError(`unable to signal ${name}: it is not running`, EXIT.failure);
		}

		sendToGroup(pid, signal);
		return pid;
	}

	// Re-reads the config and applies the difference (docs/control.md, Reload).
	async reload(): Promise<ConfigDiff> {
		if (this.options.reloadConfig === undefined) {
			throw new SidecarError(`unable to reload unit "${this.name}": it was not started from a config`, EXIT.unavailable);
		}

		this.#operable('main', 'reload');
		const next = await this.options.reloadConfig();
		const diff = diffConfig(this.#config, next);
		this.#config = appliedConfig(this.#config, next);
		await applyReload({
			roster: this.#roster,
			create: spec => this.#create(spec),
			start: member => this.#start(member),
			prepare: async specs => this.#prepare(specs),
			scope: this.#life.signal,
			sleep: this.options.world.sleep,
		}, diff, next);
		this.events.publish({event: 'reloaded', name: this.name, added: diff.added.join(' ') || undefined, changed: diff.changed.join(' ') || undefined, removed: diff.removed.join(' ') || undefined});
		return diff;
	}

	// Graceful shutdown of the whole unit: main first, then the sidecars.
	requestStop(request: StopRequest): void {
		if (this.#stopRequest === null) {
			this.#stopRequest = request;
			this.events.publish({event: 'stopping', name: this.name, reason: request.reason});
			this.#onStopRequest(request);
		}
	}

	// Sends `signal` to each named process (the process itself; its own handler decides about its children).
	forward(signal: NodeJS.Signals, targets: readonly string[]): void {
		sendToProcesses(targets.map(name => this.#roster.get(name)?.pid), signal);
	}

	snapshot(): UnitSnapshot {
		return snapshotUnit(this.name, this.options.pid, this.#roster.all(), this.options.world.now(), member => {
			for (const addOn of this.#addOns) {
				const usage = addOn.usage?.(member.name);
				if (usage !== undefined) {
					return usage;
				}
			}

			return {cpu: null, memory: null, enforcement: 'none'};
		}, this.#statusTexts);
	}

	async #runUnit(stopped: Promise<StopRequest>): Promise<number> {
		const main = this.#roster.main;
		const sidecars = this.#roster.sidecars();
		const start = (member: ManagedProcess) => {
			this.#start(member);
		};

		const lookup = (name: string) => this.#roster.get(name);
		const startup = new AbortController();
		const before = startGroup(sidecars.filter(({spec}) => spec.start === 'before'), lookup, start, startup.signal, this.options.world.sleep);
		const failure = await Promise.race([before.then(() => null, (error: unknown) => error), stopped]);
		startup.abort();
		if (failure !== null) {
			this.#enter('stop');
			await stopInOrder(main, this.#roster.started(), this.#shutdown());
			if (failure instanceof SidecarError) {
				throw failure; // Printed once by the CLI, after everything that started is stopped.
			}

			return this.#stoppedCode(failure as StopRequest, null);
		}

		start(main);
		this.#enter('mainStarted');
		const after = new AbortController();
		void main.untilReady().then(async () => {
			await startGroup(sidecars.filter(({spec}) => spec.start === 'after'), lookup, start, after.signal, this.options.world.sleep);
		}).catch(() => {}); // Main exited before it was ready, or an 'after' sidecar never became ready: logged already.
		let mainExit = await Promise.race([main.untilExit(), stopped.then(() => null)]);
		while (mainExit !== null && this.#mainRestart !== null) {
			await this.#mainRestart;
			mainExit = await Promise.race([main.untilExit(), stopped.then(() => null)]);
		}

		after.abort();
		this.#enter('stop');
		const shutdownTasks = this.#roster.sidecars().filter(({spec}) => spec.start === 'shutdown');
		await stopInOrder(main, this.#roster.started(), {...this.#shutdown(), afterMain: async () => runShutdownTasks(shutdownTasks, start, this.events, this.options.world.sleep)});
		return mainExit === null ? this.#stoppedCode(this.#stopRequest!, main.lastExit) : unitExitCode(mainExit);
	}

	// How the sidecars stop (docs/lifecycle.md, Shutdown): in order or in parallel, each after its drain.
	#shutdown(): ShutdownOptions {
		return {order: this.#config.shutdown, beforeStop: async member => drainSidecar(member, this.events, this.options.world)};
	}

	#stoppedCode(request: StopRequest, mainExit: ExitInfo | null): number {
		return request.exitCode ?? (mainExit === null ? interruptedExitCode(request.signal) : unitExitCode(mainExit));
	}

	// A second TERM/INT/QUIT while stopping: the operator insists, so SIGKILL every tree at once.
	#stopOnSignal(signal: NodeJS.Signals): void {
		if (this.#stopRequest === null) {
			this.requestStop({reason: `received ${signal}`, signal});
			return;
		}

		this.events.publish({event: 'killing', name: this.name, reason: `received ${signal} again`});
		for (const member of this.#roster.all()) {
			void member.kill();
		}
	}

	#create(spec: ResolvedProcess): ManagedProcess {
		const {now, sleep, kill, procTable} = this.options.world;
		const host: ProcessHost = {
			spawn: (child, env) => this.#spawn(child, env),
			events: this.events,
			now,
			sleep,
			kill,
			procTable,
			random: Math.random,
			env: name => this.#childEnv(name),
			suspension: this.options.jobControl?.clock,
		};
		const member = new ManagedProcess(spec, host, this.#life.signal);
		member.onChange(({state}) => {
			// During start-up a fatal sidecar fails the start-up instead (exit 69).
			if (state === 'fatal' && spec.critical && this.#state === 'running') {
				this.requestStop({reason: `critical sidecar ${spec.name} is fatal`, exitCode: EXIT.software});
			}
		});
		return member;
	}

	async #prepare(specs: readonly ResolvedProcess[]): Promise<void> {
		for (const addOn of this.#addOns) {
			await addOn.prepare?.(specs);
		}
	}

	#start(member: ManagedProcess): void {
		this.#roster.markStarted(member);
		member.start();
	}

	// A stop begins once, whatever its causes (main's exit, a signal, `sidecar stop`, a failed start-up).
	#enter(event: UnitStateEvent): void {
		if (event !== 'stop' || this.#state !== 'stopping') {
			this.#state = nextUnitState(this.#state, event);
			this.events.publish({event: 'unit-state', name: this.name});
		}
	}

	// A process the control socket may act on now: it exists, main has started and the unit is not stopping.
	#operable(name: string, verb: string): ManagedProcess {
		const member = this.#roster.get(name);
		if (member === undefined) {
			throw new SidecarError(`unable to ${verb} ${name}: no such process in unit "${this.name}"`, EXIT.usage);
		}

		if (this.#state !== 'running' || this.#stopRequest !== null) {
			throw new SidecarError(`unable to ${verb} ${name === 'main' ? `unit "${this.name}"` : name}: the unit is ${this.#state === 'starting' ? 'still starting' : 'stopping'}`, EXIT.unavailable);
		}

		return member;
	}

	#childEnv(name: string): Record<string, string> {
		const mainPid = this.#roster.main.pid;
		return {
			SIDECAR_NAME: name,
			SIDECAR_SUPERVISOR_PID: String(this.options.pid),
			SIDECAR_SOCKET: this.options.socketPath,
			...(mainPid === null ? {} : {SIDECAR_MAIN_PID: String(mainPid)}),
		};
	}
}
