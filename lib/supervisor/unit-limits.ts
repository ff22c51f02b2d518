import type {ResolvedConfig, ResolvedProcess} from '../config/types.js';
import type {Logger} from '../logs/logger.js';
import {CgroupV1Driver} from '../limits/cgroup-v1.js';
import {CgroupV2Driver} from '../limits/cgroup-v2.js';
import type {CgroupDriver} from '../limits/cgroup-driver.js';
import {cgroupWrapper} from '../limits/cgroup-wrapper.js';
import {chooseEnforcement, detectEnforcement, enforcementLabel, type DetectedCgroups, type Enforcement} from '../limits/enforcement.js';
import {memoryAction} from '../limits/memory-action.js';
import {pollUsage, type UsagePoller, type Usage as TreeUsage} from '../limits/poll-usage.js';
import {TreeThrottle} from '../limits/throttle.js';
import {ThrottleGuard} from '../limits/throttle-guard.js';
import type {ManagedProcess} from '../process/managed-process.js';
import type {Usage} from './snapshot.js';

type Watch = {enforcement: Enforcement; throttle: TreeThrottle | null; overLimit: boolean; oomBase: number};

// The unit's limits (design.md, Limits): a cgroup per limited process where the host allows, else polling and
// SIGSTOP/SIGCONT throttling; and the cpu/memory every process shows in `status`.
export class UnitLimits {
	readonly #guard = new ThrottleGuard();
	readonly #watches = new Map<string, Watch>();
	readonly #groups = new Map<string, string[]>();
	readonly #processes = new Map<string, ManagedProcess>();

	private constructor(
		private readonly detected: DetectedCgroups,
		private readonly driver: CgroupDriver | null,
		private readonly logger: Logger,
		private readonly signal: AbortSignal,
		private readonly poller: UsagePoller,
	) {}

	// Detects cgroups, ends a crashed predecessor's groups, creates this unit's; throws (exit 69) when
	// `enforce: 'cgroup'` cannot work. Then samples every process's tree with `poller` until `signal` aborts.
	static async open(config: ResolvedConfig, logger: Logger, signal: AbortSignal, poller: UsagePoller): Promise<UnitLimits> {
		const detected = await detectEnforcement();
		const driver = detected.v2 === null
			? (detected.v1 === null ? null : new CgroupV1Driver(detected.v1, config.name))
			: new CgroupV2Driver(detected.v2.dir, config.name);
		const limits = new UnitLimits(detected, driver, logger, signal, poller);
		const ended = await driver?.cleanupLeftovers().catch(() => []) ?? [];
		if (ended.length > 0) {
			logger.event(config.name, 'leftovers', {ended: ended.join(' '), reason: 'left in the cgroups of a supervisor that was killed'});
		}

		await limits.prepare([config.main, ...config.sidecars]);
		// One tick for every tree, at the shortest `limits.interval` (default 1 s, also of processes without limits):
		// status, top and metrics show every running process (docs/control.md), and the tick costs one /proc pass.
		const interval = Math.min(...[config.main, ...config.sidecars].map(spec => spec.limits.interval));
		void pollUsage(poller, interval, samples => limits.#onSample(samples), signal);
		return limits;
	}

	// Chooses each process's enforcement and creates the cgroups it needs (also for processes added by reload).
	async prepare(specs: readonly ResolvedProcess[]): Promise<void> {
		const cgrouped = specs.filter(spec => this.#enforcement(spec).startsWith('cgroup'));
		if (cgrouped.length > 0 && this.#groups.size === 0) {
			await this.driver!.createUnit();
		}

		for (const spec of cgrouped) {
			this.#groups.set(spec.name, await this.driver!.createGroup(spec.name, spec.limits));
		}
	}

	// The spec to spawn: behind the cgroup prelude when the process has a cgroup, so it runs no code outside it.
	wrap(spec: ResolvedProcess): ResolvedProcess {
		const procs = this.#groups.get(spec.name);
		return procs === undefined ? spec : {...spec, command: [...cgroupWrapper(procs), ...spec.command]};
	}

	// Follows one process through its spawns: watch, throttle, SIGCONT before any stop signal, OOM kills on exit.
	track(process: ManagedProcess): void {
		this.#processes.set(process.name, process);
		process.onChange(({state, pid, spec}) => {
			const watch = this.#watches.get(spec.name);
			if (state === 'starting' && pid !== null) {
				this.poller.watch(spec.name, pid);
				void this.#follow(spec, pid);
			} else if (state === 'stopping' || state === 'exited') {
				watch?.throttle?.resume(); // Before the stop signal (stop() signals after this transition).
				if (state === 'exited') {
					this.poller.unwatch(spec.name);
					void this.#checkOom(spec, watch);
				}
			}
		});
	}

	// cpu (cores), memory (bytes) and enforcement for `status`: the last tick of the running spawn, null when not running.
	usage(name: string, spec: ResolvedProcess, running: boolean): Usage {
		const sample = running ? this.poller.latest(name) : undefined;
		return {cpu: sample?.cpu ?? null, memory: sample?.memory ?? null, enforcement: enforcementLabel(this.#enforcement(spec))};
	}

	// Unit stop: nothing left stopped, cgroups removed.
	async close(): Promise<void> {
		for (const watch of this.#watches.values()) {
			watch.throttle?.resume();
		}

		if (this.#groups.size > 0) {
			await this.driver!.removeUnit().catch(() => []);
		}
	}

	#enforcement(spec: ResolvedProcess): Enforcement {
		return chooseEnforcement(spec.limits, this.detected, spec.name);
	}

	async #follow(spec: ResolvedProcess, pid: number): Promise<void> {
		const enforcement = this.#enforcement(spec);
		const throttle = enforcement === 'polling' && spec.limits.cpu !== null
			? new TreeThrottle({quota: spec.limits.cpu, rootPid: pid, processGroup: pid, guard: this.#guard, onChange: throttled => {
				if (throttled) {
					this.#limitEvent(spec, enforcement, 'cpu', 'throttled', null);
				}
			}})
			: null;
		const watch: Watch = {enforcement, throttle, overLimit: false, oomBase: 0};
		this.#watches.set(spec.name, watch);
		void throttle?.run(this.signal);
		if (this.#groups.has(spec.name)) {
			watch.oomBase = (await this.driver!.memoryEvents(spec.name).catch(() => ({oomKills: 0}))).oomKills;
		}
	}

	async #checkOom(spec: ResolvedProcess, watch: Watch | undefined): Promise<void> {
		if (watch === undefined || !this.#groups.has(spec.name)) {
			return;
		}

		const {oomKills} = await this.driver!.memoryEvents(spec.name).catch(() => ({oomKills: 0}));
		if (oomKills > watch.oomBase) {
			watch.oomBase = oomKills;
			this.#limitEvent(spec, watch.enforcement, 'memory', 'oom-kill', null);
		}
	}

	#onSample(samples: Map<string, TreeUsage>): void {
		for (const [name, usage] of samples) {
			const watch = this.#watches.get(name);
			watch?.throttle?.setTree(usage.pids);
			if (watch?.enforcement === 'polling') {
				this.#enforceMemory(name, watch, usage);
			}
		}
	}

	#enforceMemory(name: string, watch: Watch, usage: TreeUsage): void {
		const process = this.#processes.get(name);
		const action = process === undefined ? null : memoryAction(process.spec.limits, usage);
		if (action === null || process === undefined) {
			watch.overLimit = false;
			return;
		}

		if (watch.overLimit) {
			return; // Logged and acted on at the first crossing; a restart or stop is under way.
		}

		watch.overLimit = true;
		this.#limitEvent(process.spec, 'polling', 'memory', 'over-limit', usage.memory, action);
		if (action === 'restart') {
			void process.recycle(`memory ${usage.memory} bytes over the limit of ${process.spec.limits.memory}`);
		} else if (action === 'stop') {
			void process.stop();
		}
	}

	#limitEvent(spec: ResolvedProcess, enforcement: Enforcement, resource: 'memory' | 'cpu', reason: string, usage: number | null, action?: string): void {
		const limit = resource === 'memory' ? spec.limits.memory : spec.limits.cpu;
		this.logger.event(spec.name, 'limit', {resource, reason, usage, limit, enforcement: enforcementLabel(enforcement), action});
	}
}
