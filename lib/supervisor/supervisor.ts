import {appliedConfig, diffConfig, type ConfigDiff} from '../config/diff.js';
import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import {startControlPlane} from '../control/control-plane.js';
import {RecentLines} from '../control/recent-lines.js';
import {UsagePoller} from '../limits/poll-usage.js';
import {EXIT, SidecarError} from '../errors.js';
import type {Logger} from '../logs/logger.js';
import {ManagedProcess} from '../process/managed-process.js';
import {refuseUnstartable, type ExitInfo, type SpawnChild} from '../process/spawn.js';
import {forwardTable} from '../signals/forward-table.js';
import {handleSignals, type SignalHost} from '../signals/handlers.js';
import {sendToGroup, sendToProcesses} from '../signals/send.js';
import {unitExitCode} from './exit-code.js';
import {applyReload} from './reload.js';
import {stopInOrder} from './shutdown.js';
import {startGroup} from './startup.js';
import {snapshotUnit, type UnitSnapshot} from './snapshot.js';
import {UnitLimits} from './unit-limits.js';

export type SupervisorHost = {
	signals: SignalHost;
	spawn: SpawnChild;
	logger: Logger;
	env: NodeJS.ProcessEnv;
	pid: number;
	socketPath: string;
	now: () => number;
	// Re-reads the config the unit was started with (same file and command-line overrides), for `sidecar reload`.
	reloadConfig?: () => Promise<ResolvedConfig>;
	// Called once when the unit begins to shut down, for whatever reason (systemd's STOPPING=1).
	onShutdown?: () => void;
};

type StopRequest = {reason: string; exitCode?: number; signal?: NodeJS.Signals};

// The unit: main and its sidecars with one shared lifecycle (design.md, Lifecycle). `run()` resolves with the exit code.
export class Supervisor {
	readonly processes = new Map<string, ManagedProcess>();
	readonly main: ManagedProcess;
	// First-spawn order: shutdown walks it backwards.
	readonly startOrder: ManagedProcess[] = [];
	readonly #life = new AbortController();
	#stopRequest: StopRequest | null = null;
	#onStopRequest: (request: StopRequest) => void = () => {};
	// The last lines of every process, for `sidecar logs`.
	readonly recent = new RecentLines();
	// Cpu and memory of every running tree, one /proc pass per tick: read by limits, status, top and metrics.
	readonly usage = new UsagePoller();
	// Resolves with the exit code once the unit has stopped (a `sidecar stop` client waits for it).
	readonly finished: Promise<number>;
	#finish: (code: number) => void = () => {};
	// Set while `sidecar restart --main` runs: main's exit then does not end the unit.
	#mainRestart: Promise<unknown> | null = null;
	#limits: UnitLimits | null = null;

	constructor(public config: ResolvedConfig, private readonly host: SupervisorHost) {
		this.main = new ManagedProcess(config.main, this.#processHost, this.#life.signal);
		this.processes.set('main', this.main);
		for (const spec of config.sidecars) {
			this.processes.set(spec.name, this.#create(spec));
		}

		this.finished = new Promise(resolve => {
			this.#finish = resolve;
		});
		host.logger.tap(this.recent.tap);
	}

	async run(): Promise<number> {
		const stopped = new Promise<StopRequest>(resolve => {
			this.#onStopRequest = resolve;
		});
		handleSignals(this.host.signals, forwardTable(this.config.signals, this.config.sidecars.map(({name}) => name)), {
			stop: signal => this.#stopOnSignal(signal),
			forward: (signal, targets) => this.forward(signal, targets),
		}, this.#life.signal);
		let control: {close: () => Promise<void>} | undefined;
		try {
			// Before any sidecar starts: a twin must be refused while nothing runs yet.
			control = await startControlPlane(this, {...this.host, config: this.config});
			this.#limits = await UnitLimits.open(this.config, this.host.logger, this.#life.signal, this.usage);
			for (const process of this.processes.values()) {
				this.#limits.track(process);
			}

			const code = await this.#runUnit(stopped);
			this.#finish(code);
			return code;
		} finally {
			await control?.close();
			this.#life.abort();
			await this.#limits?.close();
		}
	}

	// Stops one process and starts it again, gated on its readiness; nothing else in the unit is touched.
	async restartProcess(name: string): Promise<void> {
		const process = this.#operable(name, 'restart');
		const restart = (async () => {
			await process.stop();
			await startGroup([process], this.processes, started => this.#start(started), this.#life.signal);
		})();
		if (process === this.main) {
			this.#mainRestart = restart.catch(() => {});
		}

		try {
			await restart;
		} finally {
			this.#mainRestart = null;
		}
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

	// Applies the difference between the running config and `next` (design.md, Reload).
	async reload(next: ResolvedConfig): Promise<ConfigDiff> {
		this.#operable('main', 'reload');
		const diff = diffConfig(this.config, next);
		this.config = appliedConfig(this.config, next);
		const scope = this.#life.signal;
		const prepare = async (specs: ResolvedProcess[]) => this.#limits?.prepare(specs);
		await applyReload({processes: this.processes, startOrder: this.startOrder, create: spec => this.#create(spec), start: process => this.#start(process), prepare, scope}, diff, next);
		this.host.logger.event(this.config.name, 'reloaded', {added: diff.added.join(' ') || undefined, changed: diff.changed.join(' ') || undefined, removed: diff.removed.join(' ') || undefined});
		return diff;
	}

	// Graceful shutdown of the whole unit: main first, then the sidecars.
	requestStop(request: StopRequest): void {
		if (this.#stopRequest === null) {
			this.#stopRequest = request;
			this.host.logger.event(this.config.name, 'stopping', {reason: request.reason});
			this.#onStopRequest(request);
		}
	}

	// Sends `signal` to each named process (the process itself; its own handler decides about its children).
	forward(signal: NodeJS.Signals, targets: readonly string[]): void {
		sendToProcesses(targets.map(name => this.processes.get(name)?.pid), signal);
	}

	snapshot(): UnitSnapshot {
		return snapshotUnit(this.config.name, this.host.pid, [...this.processes.values()], this.host.now(),
			process => this.#limits?.usage(process.name, process.spec, process.pid !== null) ?? {cpu: null, memory: null, enforcement: 'none'});
	}

	async #runUnit(stopped: Promise<StopRequest>): Promise<number> {
		const sidecars = [...this.processes.values()].filter(process => process !== this.main);
		const start = (process: ManagedProcess) => {
			this.#start(process);
		};

		const startup = new AbortController();
		const before = startGroup(sidecars.filter(({spec}) => spec.start === 'before'), this.processes, start, startup.signal);
		const failure = await Promise.race([before.then(() => null, (error: unknown) => error), stopped]);
		startup.abort();
		if (failure !== null) {
			this.host.onShutdown?.();
			await stopInOrder(this.main, this.startOrder);
			if (failure instanceof SidecarError) {
				throw failure; // Printed once by the CLI, after everything that started is stopped.
			}

			return this.#stoppedCode(failure as StopRequest, null);
		}

		start(this.main);
		const after = new AbortController();
		void this.main.untilReady().then(async () => {
			await startGroup(sidecars.filter(({spec}) => spec.start === 'after'), this.processes, start, after.signal);
		}).catch(() => {}); // Main exited before it was ready, or an 'after' sidecar never became ready: logged already.
		let mainExit = await Promise.race([this.main.untilExit(), stopped.then(() => null)]);
		while (mainExit !== null && this.#mainRestart !== null) {
			await this.#mainRestart;
			mainExit = await Promise.race([this.main.untilExit(), stopped.then(() => null)]);
		}

		after.abort();
		this.host.onShutdown?.();
		await stopInOrder(this.main, this.startOrder);
		return mainExit === null ? this.#stoppedCode(this.#stopRequest!, this.main.lastExit) : unitExitCode(mainExit);
	}

	#stoppedCode(request: StopRequest, mainExit: ExitInfo | null): number {
		return request.exitCode ?? (mainExit === null ? EXIT.ok : unitExitCode(mainExit));
	}

	// A second TERM/INT/QUIT while stopping: the operator insists, so SIGKILL every tree at once.
	#stopOnSignal(signal: NodeJS.Signals): void {
		if (this.#stopRequest === null) {
			this.requestStop({reason: `received ${signal}`, signal});
			return;
		}

		this.host.logger.event(this.config.name, 'killing', {reason: `received ${signal} again`});
		for (const process of this.processes.values()) {
			void process.kill();
		}
	}

	get #processHost() {
		const spawn = refuseUnstartable((spec, env) => this.host.spawn(this.#limits?.wrap(spec) ?? spec, env));
		return {spawn, logger: this.host.logger, now: this.host.now, env: (name: string) => this.#childEnv(name)};
	}

	#create(spec: ResolvedProcess): ManagedProcess {
		const sidecar = new ManagedProcess(spec, this.#processHost, this.#life.signal);
		this.#limits?.track(sidecar);
		sidecar.onChange(({state}) => {
			// During start-up a fatal sidecar fails the start-up instead (exit 69).
			if (state === 'fatal' && spec.critical && this.startOrder.includes(this.main)) {
				this.requestStop({reason: `critical sidecar ${spec.name} is fatal`, exitCode: EXIT.software});
			}
		});
		return sidecar;
	}

	#start(process: ManagedProcess): void {
		if (!this.startOrder.includes(process)) {
			this.startOrder.push(process);
		}

		process.start();
	}

	// A process the control socket may act on now: it exists, main has started and the unit is not stopping.
	#operable(name: string, verb: string): ManagedProcess {
		const process = this.processes.get(name);
		if (process === undefined) {
			throw new SidecarError(`unable to ${verb} ${name}: no such process in unit "${this.config.name}"`, EXIT.usage);
		}

		if (this.#stopRequest !== null || !this.startOrder.includes(this.main)) {
			throw new SidecarError(`unable to ${verb} ${name === 'main' ? `unit "${this.config.name}"` : name}: the unit is ${this.#stopRequest === null ? 'still starting' : 'stopping'}`, EXIT.unavailable);
		}

		return process;
	}

	#childEnv(name: string): Record<string, string> {
		return {
			SIDECAR_NAME: name,
			SIDECAR_SUPERVISOR_PID: String(this.host.pid),
			SIDECAR_SOCKET: this.host.socketPath,
			...(this.main.pid === null ? {} : {SIDECAR_MAIN_PID: String(this.main.pid)}),
		};
	}
}
