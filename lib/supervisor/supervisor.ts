import type {ResolvedConfig} from '../config/types.js';
import {EXIT, SidecarError} from '../errors.js';
import type {Logger} from '../logs/logger.js';
import {ManagedProcess} from '../process/managed-process.js';
import type {ExitInfo, SpawnChild} from '../process/spawn.js';
import {forwardTable} from '../signals/forward-table.js';
import {handleSignals, type SignalHost} from '../signals/handlers.js';
import {unitExitCode} from './exit-code.js';
import {stopInOrder} from './shutdown.js';
import {startGroup} from './startup.js';
import {snapshotUnit, type UnitSnapshot} from './snapshot.js';

export type SupervisorHost = {
	signals: SignalHost;
	spawn: SpawnChild;
	logger: Logger;
	env: NodeJS.ProcessEnv;
	pid: number;
	socketPath: string;
	now: () => number;
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

	constructor(readonly config: ResolvedConfig, private readonly host: SupervisorHost) {
		const processHost = {spawn: host.spawn, logger: host.logger, now: host.now, env: (name: string) => this.#childEnv(name)};
		this.main = new ManagedProcess(config.main, processHost, this.#life.signal);
		this.processes.set('main', this.main);
		for (const spec of config.sidecars) {
			const sidecar = new ManagedProcess(spec, processHost, this.#life.signal);
			this.processes.set(spec.name, sidecar);
			sidecar.onChange(({state}) => {
				// During start-up a fatal sidecar fails the start-up instead (exit 69).
				if (state === 'fatal' && spec.critical && this.startOrder.includes(this.main)) {
					this.requestStop({reason: `critical sidecar ${spec.name} is fatal`, exitCode: EXIT.software});
				}
			});
		}
	}

	async run(): Promise<number> {
		const stopped = new Promise<StopRequest>(resolve => {
			this.#onStopRequest = resolve;
		});
		handleSignals(this.host.signals, forwardTable(this.config.signals, this.config.sidecars.map(({name}) => name)), {
			stop: signal => this.#stopOnSignal(signal),
			forward: (signal, targets) => this.forward(signal, targets),
		}, this.#life.signal);
		try {
			return await this.#runUnit(stopped);
		} finally {
			this.#life.abort();
		}
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
		for (const name of targets) {
			const {pid} = this.processes.get(name) ?? {};
			if (pid !== null && pid !== undefined) {
				try {
					process.kill(pid, signal);
				} catch {} // Exited in between: nothing to deliver to.
			}
		}
	}

	snapshot(): UnitSnapshot {
		return snapshotUnit(this.config.name, this.host.pid, [...this.processes.values()], this.host.now());
	}

	async #runUnit(stopped: Promise<StopRequest>): Promise<number> {
		const sidecars = [...this.processes.values()].filter(process => process !== this.main);
		const start = (process: ManagedProcess) => {
			this.startOrder.push(process);
			process.start();
		};

		const startup = new AbortController();
		const before = startGroup(sidecars.filter(({spec}) => spec.start === 'before'), this.processes, start, startup.signal);
		const failure = await Promise.race([before.then(() => null, (error: unknown) => error), stopped]);
		startup.abort();
		if (failure !== null) {
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
		const mainExit = await Promise.race([this.main.untilExit(), stopped.then(() => null)]);
		after.abort();
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

	#childEnv(name: string): Record<string, string> {
		return {
			SIDECAR_NAME: name,
			SIDECAR_SUPERVISOR_PID: String(this.host.pid),
			SIDECAR_SOCKET: this.host.socketPath,
			...(this.main.pid === null ? {} : {SIDECAR_MAIN_PID: String(this.main.pid)}),
		};
	}
}
