import type {ResolvedProcess} from '../config/types.js';
import type {LifecycleEvent, LimitAction, UnitEventsReader} from '../events/unit-events.js';
import type {AddOn, UnitHandle} from '../supervisor/add-on.js';
import type {ProcessUsage} from '../supervisor/snapshot.js';
import {CgroupV1Driver} from './cgroup-v1.js';
import {CgroupV2Driver} from './cgroup-v2.js';
import type {CgroupDriver} from './cgroup-driver.js';
import {cgroupWrapper} from './cgroup-wrapper.js';
import {chooseEnforcement, detectEnforcement, enforcementLabel, type DetectedCgroups, type Enforcement} from './enforcement.js';
import {memoryAction} from './memory-action.js';
import {pollUsage, type UsagePoller, type TreeUsage} from './poll-usage.js';
import {TreeThrottle} from './throttle.js';
import {ThrottleGuard} from './throttle-guard.js';


type Watch = {enforcement: Enforcement; throttle: TreeThrottle | null; overLimit: boolean; oomBase: number};

// The unit's limits (docs/limits.md): a cgroup per limited process where the host allows, else polling and
// SIGSTOP/SIGCONT throttling; and the cpu/memory every process shows in `status`.
export class UnitLimits {
	readonly #guard = new ThrottleGuard();
	readonly #watches = new Map<string, Watch>();
	readonly #groups = new Map<string, string[]>();

	private constructor(
		private readonly detected: DetectedCgroups,
		private readonly driver: CgroupDriver | null,
		private readonly unit: UnitHandle,
		private readonly signal: AbortSignal,
		private readonly poller: UsagePoller,
	) {}

	// Detects cgroups, ends a crashed predecessor's groups, creates this unit's; throws (exit 69) when
	// `enforce: 'cgroup'` cannot work. Then follows every process through the unit's events and samples usage
	// until `signal` aborts.
	static async open(unit: UnitHandle, signal: AbortSignal, poller: UsagePoller): Promise<UnitLimits> {
		const {config, events} = unit;
		const detected = detectEnforcement();
		const driver = detected.v2 === null
			? (detected.v1 === null ? null : new CgroupV1Driver(detected.v1, config.name))
			: new CgroupV2Driver(detected.v2.dir, config.name);
		const limits = new UnitLimits(detected, driver, unit, signal, poller);
		const ended = await driver?.cleanupLeftovers().catch(() => []) ?? [];
		if (ended.length > 0) {
			events.report({event: 'leftovers', name: config.name, ended, reason: 'left in the cgroups of a supervisor that was killed'});
		}

		// One tick for every tree, at the shortest `limits.interval` (default 1 s, also of processes without limits):
		// status, top and metrics show every running process (docs/control.md), and the tick costs one /proc pass.
		const interval = Math.min(...[config.main, ...config.sidecars].map(spec => spec.limits.interval));
		void pollUsage(poller, interval, samples => limits.#onSample(samples), signal);
		events.onEvery(event => limits.#follow(event, events), signal);
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

	// Follows each process through its spawns: watch, throttle, SIGCONT before any stop signal, OOM kills on exit.
	#follow(event: LifecycleEvent, events: UnitEventsReader): void {
		const spec = this.unit.process(event.name)?.spec;
		if (spec === undefined) {
			return;
		}

		const watch = this.#watches.get(spec.name);
		if (event.event === 'starting' && event.pid !== undefined) {
			this.poller.watch(spec.name, event.pid);
			void this.#watch(spec, event.pid);
		} else if (event.event === 'stopping') {
			watch?.throttle?.resume(); // Before the stop signal: stop() signals after publishing `stopping`.
		} else if (event.event === 'exited') {
			watch?.throttle?.resume();
			this.poller.unwatch(spec.name);
			void this.#checkOom(spec, watch, events);
		}
	}

	// cpu (cores), memory (bytes) and enforcement of one process for `status`; undefined for a name not in the unit.
	usage(name: string): ProcessUsage | undefined {
		const member = this.unit.process(name);
		if (member === undefined) {
			return undefined;
		}

		const sample = member.pid === null ? undefined : this.poller.latest(name);
		return {cpu: sample?.cpu ?? null, memory: sample?.memory ?? null, enforcement: enforcementLabel(this.#enforcement(member.spec))};
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

	async #watch(spec: ResolvedProcess, pid: number): Promise<void> {
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

	async #checkOom(spec: ResolvedProcess, watch: Watch | undefined, events: UnitEventsReader): Promise<void> {
		if (watch === undefined || !this.#groups.has(spec.name)) {
			return;
		}

		const {oomKills} = await this.driver!.memoryEvents(spec.name).catch(() => ({oomKills: 0}));
		if (oomKills > watch.oomBase) {
			watch.oomBase = oomKills;
			this.#limitEvent(spec, watch.enforcement, 'memory', 'oom-kill', null, undefined, events);
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
		const spec = this.unit.process(name)?.spec;
		const action = spec === undefined ? null : memoryAction(spec.limits, usage);
		if (action === null || spec === undefined) {
			watch.overLimit = false;
			return;
		}

		if (watch.overLimit) {
			return; // Logged and acted on at the first crossing; a restart or stop is under way.
		}

		watch.overLimit = true;
		this.#limitEvent(spec, 'polling', 'memory', 'over-limit', usage.memory, action);
		if (action === 'restart') {
			// Refused when it is not running by now, or the unit is stopping: nothing to recycle.
			this.unit.dispatch({type: 'recycle', name, reason: `memory ${usage.memory} bytes over the limit of ${spec.limits.memory}`, cause: 'memory over limit'}).catch(() => {});
		} else if (action === 'stop') {
			this.unit.dispatch({type: 'stop-failing', name, cause: 'memory over limit'}).catch(() => {}); // Refused once the unit has stopped.
		}
	}

	#limitEvent(spec: ResolvedProcess, enforcement: Enforcement, resource: 'memory' | 'cpu', reason: string, usage: number | null, action?: LimitAction, events = this.unit.events): void {
		const limit = resource === 'memory' ? spec.limits.memory : spec.limits.cpu;
		events.report({event: 'limit', name: spec.name, resource, reason, usage, limit, enforcement: enforcementLabel(enforcement), action});
	}
}

// The unit's limits as an add-on: cgroups prepared before processes start, the cgroup prelude on their argv, usage
// for status and top.
export function limitsAddOn(poller: UsagePoller): AddOn {
	let opened: UnitLimits | null = null;
	return {
		name: 'limits',
		async attach(unit, signal) {
			opened = await UnitLimits.open(unit, signal, poller);
			return async () => {
				await opened?.close();
				poller.close(); // Its held stat files: a host that runs units one after another must not keep them.
			};
		},
		wrapSpawn: spawn => (spec, env) => spawn(opened?.wrap(spec) ?? spec, env),
		prepare: async specs => opened?.prepare(specs),
		usage: name => opened?.usage(name),
	};
}
